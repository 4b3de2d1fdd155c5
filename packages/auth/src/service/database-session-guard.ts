// The default session guard: one lookup per request, which confirms the session exists, is alive and is
// the one the token claims (same user, tenant and role), so a token minted for one session cannot ride on
// another. Correct on its own; the Redis-backed guard (fast path) falls back to it when Redis cannot answer
// or has nothing remembered for the session.
import type { AuthRole } from "../access-token/claims.ts";
import type { Clock } from "../clock.ts";
import { AuthError } from "../errors.ts";
import type { AuthSubject, SessionGuard, SqlClient } from "./types.ts";

/** A session with its user's current role, as the guard and the refresh path read it. */
export interface SessionRow {
  userId: string;
  tenantId: string;
  role: AuthRole;
  revokedAt: Date | null;
  revokedReason: string | null;
  absoluteExpiresAt: Date;
}

export interface DatabaseSessionGuard extends SessionGuard {
  /** Like `assertActive`, and says until when the session can live at most. */
  confirm(subject: AuthSubject): Promise<{ absoluteExpiresAt: Date }>;
}

/** What a live session is bound to; two subjects of the same session must agree on all of it. */
export function sessionBinding(subject: Pick<AuthSubject, "userId" | "tenantId" | "role">): string {
  return `${subject.userId}:${subject.tenantId}:${subject.role}`;
}

/** The session and its user's current role, in one round trip; a named prepared statement (hot path). */
const SESSION_ROW_STATEMENT = {
  name: "rotor_session_row",
  text: `SELECT s.user_id AS "userId", s.tenant_id AS "tenantId", u.role::text AS role,
                s.revoked_at AS "revokedAt", s.revoked_reason AS "revokedReason",
                s.absolute_expires_at AS "absoluteExpiresAt"
           FROM "session" s JOIN "user" u ON u.id = s.user_id
          WHERE s.id = $1::uuid`,
};

export function createDatabaseSessionGuard(deps: { sql: SqlClient; clock: Clock }): DatabaseSessionGuard {
  async function confirm(subject: AuthSubject): Promise<{ absoluteExpiresAt: Date }> {
    // The id is a UUID (the claim schema checks that before we get here).
    const { rows } = await deps.sql.query<SessionRow>({ ...SESSION_ROW_STATEMENT, values: [subject.sessionId] });
    const session = rows[0];
    if (!session) throw new AuthError("SESSION_REVOKED", "Session revoked");
    if (sessionBinding(session) !== sessionBinding(subject)) {
      throw new AuthError("TOKEN_INVALID", "Access token does not match its session");
    }
    if (session.revokedAt) {
      throw session.revokedReason === "absolute-expiry"
        ? new AuthError("SESSION_EXPIRED", "Session expired")
        : new AuthError("SESSION_REVOKED", "Session revoked");
    }
    if (session.absoluteExpiresAt.getTime() <= deps.clock()) throw new AuthError("SESSION_EXPIRED", "Session expired");
    return { absoluteExpiresAt: session.absoluteExpiresAt };
  }

  return {
    confirm,
    async assertActive(subject) {
      await confirm(subject);
    },
  };
}
