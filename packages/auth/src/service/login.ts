// Password sign-in: checks credentials, then creates the session, its first refresh token and the audit
// row in one transaction.
import { randomUUID } from "node:crypto";
import { signAccessToken } from "../access-token/sign-access-token.ts";
import { AuthError } from "../errors.ts";
import { generateRefreshToken } from "../refresh-token/refresh-token.ts";
import { auditRow } from "./audit.ts";
import type { RequestMeta, TokenPair, TokenServiceDeps } from "./types.ts";

export interface LoginInput {
  tenant: string;
  email: string;
  password: string;
  meta: RequestMeta;
}

export interface LoginResult extends TokenPair {
  sessionId: string;
  userId: string;
  tenantId: string;
  role: "ADMIN" | "MANAGER" | "USER";
}

export async function login(deps: TokenServiceDeps, input: LoginInput): Promise<LoginResult> {
  const startedAt = performance.now();
  const email = input.email.trim().toLowerCase();
  const user = await deps.prisma.user.findFirst({
    where: { email, tenant: { slug: input.tenant } },
    select: { id: true, tenantId: true, role: true, passwordHash: true },
  });
  const ok = await deps.passwords.verify(user?.passwordHash ?? null, input.password);
  const now = deps.clock();
  if (!user || !ok) {
    await deps.prisma.auditEvent.create({
      data: auditRow(
        {
          type: "login",
          outcome: "failure",
          meta: input.meta,
          startedAt,
          userId: user?.id ?? null,
          tenantId: user?.tenantId ?? null,
          details: { tenant: input.tenant, email, reason: user ? "wrong-password" : "unknown-account" },
        },
        new Date(now),
      ),
    });
    deps.metrics.login("failure", "INVALID_CREDENTIALS", (performance.now() - startedAt) / 1000);
    throw new AuthError("INVALID_CREDENTIALS", "Invalid credentials");
  }

  const { lifetimes } = deps;
  const sessionId = randomUUID();
  const absoluteExpiresAt = new Date(now + lifetimes.sessionMaxAge * 1000);
  const refreshExpiresAt = new Date(Math.min(now + lifetimes.refreshTokenTtl * 1000, absoluteExpiresAt.getTime()));
  const refresh = generateRefreshToken();
  const createdAt = new Date(now);

  await deps.prisma.$transaction([
    deps.prisma.session.create({
      data: {
        id: sessionId,
        userId: user.id,
        tenantId: user.tenantId,
        createdAt,
        lastRefreshedAt: null,
        idleExpiresAt: refreshExpiresAt,
        absoluteExpiresAt,
        userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
        ip: input.meta.ip?.slice(0, 64) ?? null,
      },
    }),
    deps.prisma.refreshToken.create({
      data: { sessionId, tokenHash: refresh.hash, createdAt, expiresAt: refreshExpiresAt },
    }),
    deps.prisma.auditEvent.create({
      data: auditRow(
        { type: "login", outcome: "success", meta: input.meta, startedAt, userId: user.id, sessionId, tenantId: user.tenantId },
        createdAt,
      ),
    }),
  ]);

  const access = await signAccessToken(
    deps,
    { userId: user.id, sessionId, tenantId: user.tenantId, role: user.role },
    absoluteExpiresAt,
  );
  deps.metrics.login("success", null, (performance.now() - startedAt) / 1000);
  return {
    accessToken: access.token,
    refreshToken: refresh.token,
    tokenType: "Bearer",
    accessTokenExpiresAt: access.expiresAt,
    refreshTokenExpiresAt: refreshExpiresAt,
    sessionId,
    userId: user.id,
    tenantId: user.tenantId,
    role: user.role,
  };
}
