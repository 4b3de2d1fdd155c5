// Credentials of the other services of the system (resource servers): they read the revocation feed and
// call token introspection and revocation. A credential is a client id (the row's UUID) and a secret of 256
// random bits of which only the SHA-256 is stored: a secret that random needs no slow hash, and the compare
// is constant-time. Presented as HTTP Basic `client_id:client_secret` (RFC 6749 2.3.1) or as one bearer
// string `<client_id>.<secret>`. Tenant-scoped credentials see only their tenant's sessions; global ones
// (tenantId null) see all. Creation and revocation are audited in the same transaction.
import { createHash, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@rotor/db";
import type { Clock } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { generateRefreshToken, isWellFormedRefreshToken } from "../refresh-token/refresh-token.ts";
import { auditRow } from "../service/audit.ts";
import type { AuthSubject, RequestMeta } from "../service/types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Who a verified service credential is. */
export interface ServicePrincipal {
  id: string;
  name: string;
  /** null: every tenant. */
  tenantId: string | null;
}

export interface ServiceCredentialView extends ServicePrincipal {
  createdAt: Date;
  revokedAt: Date | null;
}

export interface IssuedServiceCredential extends ServicePrincipal {
  /** Shown once; never stored. */
  clientSecret: string;
  /** `<client_id>.<secret>`, for `Authorization: Bearer` (the revocation feed). */
  bearer: string;
}

export interface ServiceCredentials {
  /** `actor` is the admin creating it (tenant-scoped to theirs); null from the server's command line. */
  create(input: { name: string; tenantId: string | null; actor: AuthSubject | null; meta: RequestMeta }): Promise<IssuedServiceCredential>;
  list(scope: { tenantId: string | null }): Promise<ServiceCredentialView[]>;
  /** NotFoundError when it does not exist in the scope; revoking twice is a no-op. */
  revoke(input: { id: string; tenantId: string | null; actor: AuthSubject | null; meta: RequestMeta }): Promise<void>;
  /** The principal, or null for anything else (unknown, revoked, malformed): callers answer all alike. */
  authenticate(clientId: string, clientSecret: string): Promise<ServicePrincipal | null>;
  /** `authenticate` for the bearer form. */
  authenticateBearer(bearer: string): Promise<ServicePrincipal | null>;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();
/** Compared against when the id is unknown, so both paths hash and compare once. */
const DUMMY_HASH = sha256("rotor-service-credential-dummy");

export function createServiceCredentials(deps: { prisma: PrismaClient; clock: Clock }): ServiceCredentials {
  const { prisma, clock } = deps;
  const select = { id: true, name: true, tenantId: true, createdAt: true, revokedAt: true } as const;

  async function authenticate(clientId: string, clientSecret: string): Promise<ServicePrincipal | null> {
    if (typeof clientId !== "string" || typeof clientSecret !== "string") return null;
    // Shape checks keep garbage away from PostgreSQL's uuid parser.
    if (!UUID.test(clientId) || !isWellFormedRefreshToken(clientSecret)) return null;
    const row = await prisma.serviceCredential.findUnique({ where: { id: clientId }, select: { ...select, secretHash: true } });
    const presented = sha256(clientSecret);
    const stored = row ? Buffer.from(row.secretHash, "hex") : DUMMY_HASH;
    const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (!row || !matches || row.revokedAt !== null) return null;
    return { id: row.id, name: row.name, tenantId: row.tenantId };
  }

  return {
    async create({ name, tenantId, actor, meta }) {
      const startedAt = performance.now();
      const { token: clientSecret, hash } = generateRefreshToken();
      const now = new Date(clock());
      const row = await prisma.$transaction(async (tx) => {
        const created = await tx.serviceCredential.create({
          data: { name, tenantId, secretHash: hash, createdBy: actor?.userId ?? null, createdAt: now },
          select,
        });
        await tx.auditEvent.create({
          data: auditRow(
            {
              type: "service-credential-created",
              outcome: "success",
              meta,
              startedAt,
              userId: actor?.userId ?? null,
              sessionId: actor?.sessionId ?? null,
              tenantId,
              details: { serviceCredentialId: created.id, name, scope: tenantId === null ? "global" : "tenant" },
            },
            now,
          ),
        });
        return created;
      });
      return { id: row.id, name: row.name, tenantId: row.tenantId, clientSecret, bearer: `${row.id}.${clientSecret}` };
    },

    list: ({ tenantId }) =>
      prisma.serviceCredential.findMany({ where: tenantId === null ? {} : { tenantId }, select, orderBy: { createdAt: "desc" } }),

    async revoke({ id, tenantId, actor, meta }) {
      const startedAt = performance.now();
      const now = new Date(clock());
      if (!UUID.test(id)) throw new NotFoundError("SERVICE_CREDENTIAL_NOT_FOUND", "Service credential not found");
      await prisma.$transaction(async (tx) => {
        const found = await tx.serviceCredential.findFirst({ where: { id, ...(tenantId === null ? {} : { tenantId }) }, select });
        if (!found) throw new NotFoundError("SERVICE_CREDENTIAL_NOT_FOUND", "Service credential not found");
        if (found.revokedAt !== null) return;
        await tx.serviceCredential.update({ where: { id }, data: { revokedAt: now } });
        await tx.auditEvent.create({
          data: auditRow(
            {
              type: "service-credential-revoked",
              outcome: "success",
              meta,
              startedAt,
              userId: actor?.userId ?? null,
              sessionId: actor?.sessionId ?? null,
              tenantId: found.tenantId,
              details: { serviceCredentialId: id, name: found.name },
            },
            now,
          ),
        });
      });
    },

    authenticate,

    authenticateBearer(bearer) {
      if (typeof bearer !== "string") return Promise.resolve(null);
      const dot = bearer.indexOf(".");
      return dot < 0 ? Promise.resolve(null) : authenticate(bearer.slice(0, dot), bearer.slice(dot + 1));
    },
  };
}
