// Session revocation: sign-out, sign-out everywhere, and revoking one session (own, or any in the tenant for
// admins). The session, its tokens and the audit row change in one transaction; fast revocation state is
// told after the commit.
import type { Prisma } from "@rotor/db";
import { NotFoundError } from "../errors.ts";
import { auditRow, type AuditType } from "./audit.ts";
import type { AuthSubject, RequestMeta, RevokedSession, TokenServiceDeps } from "./types.ts";

export interface RevokeInput {
  actor: AuthSubject;
  meta: RequestMeta;
}

interface RevokeWhere {
  where: Prisma.SessionWhereInput;
  type: AuditType;
  reason: string;
  details?: Prisma.InputJsonObject;
}

/** Revokes every live session matching `where`; returns their ids (empty when none matched). */
async function revokeWhere(
  deps: TokenServiceDeps,
  input: { actor: Pick<AuthSubject, "userId" | "sessionId" | "tenantId">; meta: RequestMeta },
  spec: RevokeWhere,
): Promise<string[]> {
  const startedAt = performance.now();
  const now = deps.clock();
  const nowDate = new Date(now);
  const ids = await deps.prisma.$transaction(async (tx) => {
    const sessions = await tx.session.findMany({
      where: { ...spec.where, revokedAt: null },
      select: { id: true },
    });
    const sessionIds = sessions.map((s) => s.id);
    if (sessionIds.length > 0) {
      await tx.session.updateMany({
        where: { id: { in: sessionIds }, revokedAt: null },
        data: { revokedAt: nowDate, revokedReason: spec.reason },
      });
      await tx.refreshToken.updateMany({
        where: { sessionId: { in: sessionIds }, revokedAt: null },
        data: { revokedAt: nowDate, revokedReason: spec.reason, replayCiphertext: null, replayExpiresAt: null },
      });
    }
    await tx.auditEvent.create({
      data: auditRow(
        {
          type: spec.type,
          outcome: "success",
          meta: input.meta,
          startedAt,
          userId: input.actor.userId,
          sessionId: input.actor.sessionId,
          tenantId: input.actor.tenantId,
          details: { ...spec.details, revokedSessionIds: sessionIds },
        },
        nowDate,
      ),
    });
    return sessionIds;
  });
  const until = now + (deps.lifetimes.accessTokenTtl + deps.lifetimes.clockTolerance) * 1000;
  const revoked: RevokedSession[] = ids.map((sessionId) => ({ sessionId, until }));
  if (revoked.length > 0) {
    deps.metrics.sessionsRevoked(spec.reason, revoked.length);
    await deps.onSessionsRevoked(revoked);
  }
  return ids;
}

export function logout(deps: TokenServiceDeps, input: RevokeInput): Promise<string[]> {
  return revokeWhere(deps, input, { where: { id: input.actor.sessionId }, type: "logout", reason: "logout" });
}

export function logoutAll(deps: TokenServiceDeps, input: RevokeInput): Promise<string[]> {
  return revokeWhere(deps, input, { where: { userId: input.actor.userId }, type: "logout-all", reason: "logout-all" });
}

/** Signs the actor out everywhere else: every other session of theirs, in one transaction. */
export function revokeOtherSessions(deps: TokenServiceDeps, input: RevokeInput): Promise<string[]> {
  return revokeWhere(deps, input, {
    where: { userId: input.actor.userId, tenantId: input.actor.tenantId, id: { not: input.actor.sessionId } },
    type: "session-revoked",
    reason: "revoked-by-user",
    details: { scope: "other-sessions" },
  });
}

export interface RevokeSessionInput extends RevokeInput {
  sessionId: string;
  /** `own`: only the actor's sessions; `tenant`: any session of the actor's tenant (admins). */
  scope: "own" | "tenant";
}

/**
 * Revokes one session. A session outside the actor's scope is reported as not found, so nothing reveals
 * whether it exists in another account or tenant. Revoking an already revoked session succeeds.
 */
export async function revokeSession(deps: TokenServiceDeps, input: RevokeSessionInput): Promise<void> {
  const scopeWhere: Prisma.SessionWhereInput =
    input.scope === "own"
      ? { id: input.sessionId, userId: input.actor.userId, tenantId: input.actor.tenantId }
      : { id: input.sessionId, tenantId: input.actor.tenantId };
  const exists = await deps.prisma.session.findFirst({ where: scopeWhere, select: { id: true } });
  if (!exists) throw new NotFoundError("SESSION_NOT_FOUND", "Session not found");
  await revokeWhere(deps, input, {
    where: scopeWhere,
    type: "session-revoked",
    reason: input.scope === "own" ? "revoked-by-user" : "revoked-by-admin",
    details: { targetSessionId: input.sessionId },
  });
}

export interface RevokeUserSessionsInput extends RevokeInput {
  userId: string;
}

/** Admin: revoke every session of one user of the admin's tenant. */
export async function revokeUserSessions(deps: TokenServiceDeps, input: RevokeUserSessionsInput): Promise<string[]> {
  const user = await deps.prisma.user.findFirst({
    where: { id: input.userId, tenantId: input.actor.tenantId },
    select: { id: true },
  });
  if (!user) throw new NotFoundError("USER_NOT_FOUND", "User not found");
  return revokeWhere(deps, input, {
    where: { userId: input.userId, tenantId: input.actor.tenantId },
    type: "session-revoked",
    reason: "revoked-by-admin",
    details: { targetUserId: input.userId },
  });
}

export interface RevokeForServiceInput {
  sessionId: string;
  /** The service credential asking (RFC 7009 token revocation), and its tenant scope (null: any tenant). */
  serviceCredentialId: string;
  scopeTenantId: string | null;
  meta: RequestMeta;
}

/**
 * RFC 7009: a service revokes the session a token it holds belongs to. A session outside the credential's
 * tenant is left alone and not reported (the endpoint answers 200 either way, as the RFC asks). The audit row
 * names the session's own user and the credential.
 */
export async function revokeSessionForService(deps: TokenServiceDeps, input: RevokeForServiceInput): Promise<string[]> {
  const session = await deps.prisma.session.findFirst({
    where: { id: input.sessionId, ...(input.scopeTenantId === null ? {} : { tenantId: input.scopeTenantId }) },
    select: { id: true, userId: true, tenantId: true },
  });
  if (!session) return [];
  return revokeWhere(
    deps,
    { actor: { userId: session.userId, sessionId: session.id, tenantId: session.tenantId }, meta: input.meta },
    { where: { id: session.id }, type: "token-revoked-by-service", reason: "revoked-by-service", details: { serviceCredentialId: input.serviceCredentialId } },
  );
}
