// Refresh-token rotation with reuse detection. A current token rotates in one atomic compare-and-swap
// statement (rotate-current-token.ts). Every other case runs in a transaction that first locks the session
// row, so it is serialised with rotations of that session: a racing tab or a retry inside the reuse interval
// gets the very same successor instead of forking the token family or tripping reuse detection; reuse after
// the interval revokes the session. Anything that fails rolls the whole transaction back.
import { signAccessTokenSync } from "../access-token/sign-access-token.ts";
import { AuthError, type AuthErrorCode } from "../errors.ts";
import { hashRefreshToken, isWellFormedRefreshToken } from "../refresh-token/refresh-token.ts";
import { rotateCurrentToken, type RotatedToken } from "./rotate-current-token.ts";
import { auditRow, type AuditInput } from "./audit.ts";
import type { SessionRow } from "./database-session-guard.ts";
import type { RequestMeta, RevokedSession, TokenPair, TokenServiceDeps } from "./types.ts";

export interface RefreshInput {
  refreshToken: string;
  meta: RequestMeta;
}

export interface RefreshResult extends TokenPair {
  sessionId: string;
  /**
   * True when this call rotated the token and minted a successor; false when it answered a replay
   * inside the reuse interval with the successor minted before. Rate limits charge only the former.
   */
  rotated: boolean;
}

interface LockedSession extends SessionRow {
  id: string;
}

type Outcome =
  | { kind: "current" }
  | { kind: "replayed"; session: LockedSession; tokenId: string; ciphertext: string; refreshExpiresAt: Date }
  | { kind: "failed"; code: AuthErrorCode; revoked?: RevokedSession & { reason: string } };

const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

export function refresh(deps: TokenServiceDeps, input: RefreshInput): Promise<RefreshResult> {
  const startedAt = performance.now();
  const seconds = () => (performance.now() - startedAt) / 1000;
  // A `then`, not an async function around an await: a promise less on every refresh.
  return refreshOnce(deps, input, startedAt).then(
    (result) => {
      deps.metrics.refresh(result.rotated ? "rotated" : "replayed", null, seconds());
      return result;
    },
    (error: unknown) => {
      deps.metrics.refresh("failed", error instanceof AuthError ? error.code : "INTERNAL", seconds());
      throw error;
    },
  );
}

async function refreshOnce(deps: TokenServiceDeps, input: RefreshInput, startedAt: number): Promise<RefreshResult> {
  if (!isWellFormedRefreshToken(input.refreshToken)) {
    throw new AuthError("REFRESH_TOKEN_INVALID", "Refresh token invalid");
  }
  const tokenHash = hashRefreshToken(input.refreshToken);
  for (let attempt = 0; attempt < 3; attempt++) {
    const rotated = await rotateCurrentToken(deps, tokenHash, input.meta, startedAt);
    if (rotated) {
      const { refreshToken, refreshExpiresAt, ...subject } = rotated;
      const pair = issuePair(deps, subject, refreshToken, refreshExpiresAt);
      return { ...pair, sessionId: subject.sessionId, rotated: true };
    }
    const outcome = await classify(deps, tokenHash, input.meta, startedAt);
    if (outcome.kind === "current") continue;
    if (outcome.kind === "failed") {
      if (outcome.revoked) {
        const { reason, ...revoked } = outcome.revoked;
        deps.metrics.sessionsRevoked(reason, 1);
        await deps.onSessionsRevoked([revoked]);
      }
      throw new AuthError(outcome.code, "Refresh refused");
    }
    const refreshToken = await deps.replayCipher.open(outcome.ciphertext, outcome.tokenId);
    const { session } = outcome;
    const pair = issuePair(
      deps,
      { sessionId: session.id, userId: session.userId, tenantId: session.tenantId, role: session.role, absoluteExpiresAt: session.absoluteExpiresAt },
      refreshToken,
      outcome.refreshExpiresAt,
    );
    return { ...pair, sessionId: session.id, rotated: false };
  }
  throw new Error("refresh did not settle after repeated races");
}

function issuePair(
  deps: TokenServiceDeps,
  subject: Omit<RotatedToken, "refreshToken" | "refreshExpiresAt">,
  refreshToken: string,
  refreshTokenExpiresAt: Date,
): TokenPair {
  const access = signAccessTokenSync(
    deps,
    { userId: subject.userId, sessionId: subject.sessionId, tenantId: subject.tenantId, role: subject.role },
    subject.absoluteExpiresAt,
  );
  return { accessToken: access.token, refreshToken, tokenType: "Bearer", accessTokenExpiresAt: access.expiresAt, refreshTokenExpiresAt };
}

/** The locked slow path: tells replays, reuse, expiry and revocation apart, and acts on them. */
function classify(deps: TokenServiceDeps, tokenHash: string, meta: RequestMeta, startedAt: number): Promise<Outcome> {
  const { lifetimes, clock } = deps;
  return deps.prisma.$transaction(async (tx): Promise<Outcome> => {
    const now = clock();
    const nowDate = new Date(now);
    const audit = (entry: Omit<AuditInput, "meta" | "startedAt">) =>
      tx.auditEvent.create({ data: auditRow({ ...entry, meta, startedAt }, nowDate) });

    // One statement finds the session through the token and locks it; a second reads the token after the
    // lock is held, so it sees any rotation committed by whoever held the lock before us.
    const [session] = await tx.$queryRaw<LockedSession[]>`
      SELECT s.id, s.user_id AS "userId", s.tenant_id AS "tenantId", u.role::text AS role,
             s.revoked_at AS "revokedAt", s.revoked_reason AS "revokedReason",
             s.absolute_expires_at AS "absoluteExpiresAt"
        FROM "session" s JOIN "user" u ON u.id = s.user_id
       WHERE s.id = (SELECT session_id FROM refresh_token WHERE token_hash = ${tokenHash})
         FOR UPDATE OF s`;
    if (!session) {
      await audit({ type: "refresh", outcome: "failure", details: { reason: "unknown-token" } });
      return { kind: "failed", code: "REFRESH_TOKEN_INVALID" };
    }
    const scope = { userId: session.userId, sessionId: session.id, tenantId: session.tenantId };
    const token = await tx.refreshToken.findUnique({ where: { tokenHash } });
    if (!token) return { kind: "failed", code: "REFRESH_TOKEN_INVALID" };

    if (session.revokedAt) {
      await audit({ ...scope, type: "refresh", outcome: "failure", details: { reason: "session-revoked" } });
      return { kind: "failed", code: session.revokedReason === "absolute-expiry" ? "SESSION_EXPIRED" : "SESSION_REVOKED" };
    }

    const revokeSession = async (reason: string) => {
      await tx.session.update({ where: { id: session.id }, data: { revokedAt: nowDate, revokedReason: reason } });
      await tx.refreshToken.updateMany({
        where: { sessionId: session.id, revokedAt: null },
        data: { revokedAt: nowDate, revokedReason: reason, replayCiphertext: null, replayExpiresAt: null },
      });
      return { sessionId: session.id, until: now + (lifetimes.accessTokenTtl + lifetimes.clockTolerance) * 1000, reason };
    };

    if (now >= session.absoluteExpiresAt.getTime()) {
      const revoked = await revokeSession("absolute-expiry");
      await audit({ ...scope, type: "session-expired", outcome: "success" });
      return { kind: "failed", code: "SESSION_EXPIRED", revoked };
    }
    if (token.revokedAt) {
      await audit({ ...scope, type: "refresh", outcome: "failure", details: { reason: "token-revoked" } });
      return { kind: "failed", code: "REFRESH_TOKEN_INVALID" };
    }

    if (token.rotatedAt) {
      if (now - token.rotatedAt.getTime() <= lifetimes.refreshReuseInterval * 1000) {
        // A racing tab or a retry after a lost response: answer with the session's current token.
        const head = await tx.refreshToken.findFirst({
          where: { sessionId: session.id, rotatedAt: null, revokedAt: null },
          orderBy: { createdAt: "desc" },
        });
        if (head?.replayCiphertext && head.replayExpiresAt && head.replayExpiresAt.getTime() >= now) {
          await tx.session.update({ where: { id: session.id }, data: { lastRefreshedAt: nowDate } });
          await audit({ ...scope, type: "refresh", outcome: "success", details: { replay: true } });
          return {
            kind: "replayed",
            session,
            tokenId: head.id,
            ciphertext: head.replayCiphertext,
            refreshExpiresAt: head.expiresAt,
          };
        }
        await audit({ ...scope, type: "refresh", outcome: "failure", details: { reason: "replay-unavailable" } });
        return { kind: "failed", code: "REFRESH_TOKEN_INVALID" };
      }
      const revoked = await revokeSession("refresh-token-reused");
      await audit({
        ...scope,
        type: "refresh-token-reused",
        outcome: "alert",
        details: { tokenId: token.id, rotatedAt: token.rotatedAt.toISOString() },
      });
      return { kind: "failed", code: "REFRESH_TOKEN_REUSED", revoked };
    }

    if (now >= token.expiresAt.getTime()) {
      await audit({ ...scope, type: "refresh", outcome: "failure", details: { reason: "token-expired" } });
      return { kind: "failed", code: "REFRESH_TOKEN_EXPIRED" };
    }

    // Current after all (the fast path lost a race that has since resolved): rotate through the fast path.
    return { kind: "current" };
  }, TX_OPTIONS);
}
