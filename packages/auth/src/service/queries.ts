// Read models for the session pages and the admin views. Every query is scoped by tenant (and user where
// it applies) so nothing can cross tenants, whatever ids a caller sends.
import type { AuthRole } from "../access-token/claims.ts";
import type { AuthSubject, TokenServiceDeps } from "./types.ts";

export interface SessionView {
  id: string;
  userId: string;
  email: string;
  createdAt: Date;
  lastRefreshedAt: Date | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface UserView {
  id: string;
  email: string;
  role: AuthRole;
  createdAt: Date;
  activeSessions: number;
}

const sessionSelect = {
  id: true,
  userId: true,
  createdAt: true,
  lastRefreshedAt: true,
  idleExpiresAt: true,
  absoluteExpiresAt: true,
  userAgent: true,
  ip: true,
  user: { select: { email: true } },
} as const;

function liveSessionWhere(now: Date) {
  return { revokedAt: null, absoluteExpiresAt: { gt: now }, idleExpiresAt: { gt: now } };
}

export interface ProfileView {
  id: string;
  email: string;
  role: AuthRole;
  tenantId: string;
  tenant: { slug: string; name: string };
  sessionId: string;
}

/** Behind every `auth.me`: a named prepared statement over the pool (hot path), scoped by tenant. */
const PROFILE_STATEMENT = {
  name: "rotor_profile",
  text: `SELECT u.id, u.email, u.role::text AS role, u.tenant_id AS "tenantId", t.slug, t.name
           FROM "user" u JOIN tenant t ON t.id = u.tenant_id
          WHERE u.id = $1::uuid AND u.tenant_id = $2::uuid`,
};

export async function getProfile(deps: TokenServiceDeps, actor: AuthSubject): Promise<ProfileView | null> {
  const { rows } = await deps.sql.query<Omit<ProfileView, "tenant" | "sessionId"> & { slug: string; name: string }>({
    ...PROFILE_STATEMENT,
    values: [actor.userId, actor.tenantId],
  });
  const row = rows[0];
  if (!row) return null;
  const { slug, name, ...user } = row;
  return { ...user, tenant: { slug, name }, sessionId: actor.sessionId };
}

export async function listOwnSessions(deps: TokenServiceDeps, actor: AuthSubject): Promise<SessionView[]> {
  const now = new Date(deps.clock());
  const rows = await deps.prisma.session.findMany({
    where: { userId: actor.userId, tenantId: actor.tenantId, ...liveSessionWhere(now) },
    orderBy: { createdAt: "desc" },
    select: sessionSelect,
  });
  return rows.map(({ user, ...s }) => ({ ...s, email: user.email, current: s.id === actor.sessionId }));
}

export async function listTenantSessions(deps: TokenServiceDeps, actor: AuthSubject): Promise<SessionView[]> {
  const now = new Date(deps.clock());
  const rows = await deps.prisma.session.findMany({
    where: { tenantId: actor.tenantId, ...liveSessionWhere(now) },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: sessionSelect,
  });
  return rows.map(({ user, ...s }) => ({ ...s, email: user.email, current: s.id === actor.sessionId }));
}

export async function listTenantUsers(deps: TokenServiceDeps, actor: AuthSubject): Promise<UserView[]> {
  const now = new Date(deps.clock());
  const rows = await deps.prisma.user.findMany({
    where: { tenantId: actor.tenantId },
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      _count: { select: { sessions: { where: liveSessionWhere(now) } } },
    },
  });
  return rows.map(({ _count, ...u }) => ({ ...u, activeSessions: _count.sessions }));
}

/** What the audit views show of an event. */
export const auditEventSelect = {
  id: true,
  type: true,
  outcome: true,
  userId: true,
  sessionId: true,
  tenantId: true,
  ip: true,
  userAgent: true,
  latencyMs: true,
  details: true,
  createdAt: true,
  user: { select: { email: true } },
} as const;

export interface AuditQuery {
  type?: string;
  limit?: number;
}

export async function listTenantAudit(deps: TokenServiceDeps, actor: AuthSubject, query: AuditQuery) {
  return deps.prisma.auditEvent.findMany({
    where: { tenantId: actor.tenantId, ...(query.type ? { type: query.type } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(query.limit ?? 100, 500),
    select: auditEventSelect,
  });
}
