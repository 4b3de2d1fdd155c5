// Revocation that takes effect everywhere: committed revocations are published to a shared revocation
// list (Redis in production), and every request checks that list (one round trip) instead of the database.
// The database stays the source of truth: when the list cannot answer, the check falls back to it (never
// silently passes), and once the list answers again after an outage, the revocations of the window it may
// have missed are copied into it from the database.
// The same lookup confirms the session is the one the token claims: the list remembers each live session's
// binding (user, tenant, role), filled from the database the first time a session is seen (and again after
// the entry expires); a token that disagrees with it is checked against the database before it is refused.
import type { PrismaClient } from "@rotor/db";
import type { Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import { AuthError } from "../errors.ts";
import { createDatabaseSessionGuard, sessionBinding } from "../service/database-session-guard.ts";
import type { RevokedSession, SessionGuard, SqlClient } from "../service/types.ts";

/** What the guard needs of a revocation list (implemented by @rotor/store's createRevocationList). */
export interface RevocationListPort {
  revoke: (sessionId: string, untilEpochMs: number) => Promise<void>;
  /** 'unknown' when the list cannot answer (store unreachable); otherwise revoked, or the binding remembered. */
  lookup: (sessionId: string) => Promise<{ revoked: true } | { revoked: false; binding: string | null } | "unknown">;
  /** Remembers a live session's binding unless the list holds something for it already. */
  rememberBinding: (sessionId: string, binding: string, ttlMs: number) => Promise<void>;
}

export interface RevocationGuardOptions {
  prisma: PrismaClient;
  /** The pg pool under `prisma`, for the database fallback's prepared session lookup. */
  sql: SqlClient;
  clock: Clock;
  lifetimes: Pick<TokenLifetimes, "accessTokenTtl" | "clockTolerance">;
  /**
   * How long a session's binding stays remembered before the database is asked again.
   * @default the access token lifetime
   */
  bindingTtlMs?: number;
  revocations: RevocationListPort;
  /** Reports degraded operation (never thrown to callers). @default console.warn */
  onError?: (error: unknown, context: "publish" | "check" | "resync") => void;
}

export interface RevocationGuard {
  sessionGuard: SessionGuard;
  /** Pass as the token service's `onSessionsRevoked`. */
  publish: (sessions: RevokedSession[]) => Promise<void>;
  /** Copies recent database revocations into the list; runs by itself after an outage. */
  resync: () => Promise<number>;
}

export function createRevocationGuard(options: RevocationGuardOptions): RevocationGuard {
  const { prisma, sql, clock, lifetimes, revocations } = options;
  const onError = options.onError ?? ((error, context) => console.warn(`[rotor/auth] revocation ${context} degraded`, error));
  const fallback = createDatabaseSessionGuard({ sql, clock });
  const windowMs = (lifetimes.accessTokenTtl + lifetimes.clockTolerance) * 1000;
  const bindingTtlMs = options.bindingTtlMs ?? lifetimes.accessTokenTtl * 1000;
  // Stale when the list may have missed a revocation, until a resync that started after the miss succeeds.
  // A new process starts stale: an in-process list is empty, and so is a Redis restarted without persistence.
  // Counted, not a flag, so a miss recorded while a resync runs is not wiped out when that resync ends.
  let staleMarks = 1;
  let resyncedMarks = 0;
  const markStale = () => void staleMarks++;
  const isStale = () => staleMarks > resyncedMarks;
  let resyncing: Promise<number> | undefined;

  async function resync(): Promise<number> {
    const now = clock();
    const sessions = await prisma.session.findMany({
      where: { revokedAt: { gt: new Date(now - windowMs) } },
      select: { id: true, revokedAt: true },
    });
    for (const session of sessions) {
      await revocations.revoke(session.id, (session.revokedAt?.getTime() ?? now) + windowMs);
    }
    return sessions.length;
  }

  function resyncInBackground() {
    const marks = staleMarks;
    resyncing ??= resync()
      .then((count) => {
        resyncedMarks = Math.max(resyncedMarks, marks);
        return count;
      })
      .catch((error: unknown) => {
        onError(error, "resync");
        return 0;
      })
      .finally(() => {
        resyncing = undefined;
      });
  }

  return {
    sessionGuard: {
      async assertActive(subject) {
        let found: Awaited<ReturnType<RevocationListPort["lookup"]>>;
        try {
          found = await revocations.lookup(subject.sessionId);
        } catch (error) {
          onError(error, "check");
          found = "unknown";
        }
        if (found === "unknown") {
          markStale();
          return fallback.assertActive(subject);
        }
        if (found.revoked) throw new AuthError("SESSION_REVOKED", "Session revoked");
        if (isStale()) {
          // The list may have missed revocations while it was down: the database answers until the resync
          // has copied them in.
          resyncInBackground();
          return fallback.assertActive(subject);
        }
        if (found.binding === sessionBinding(subject)) return;
        // Nothing remembered yet, or a token that disagrees with what is (forged, or minted before a role
        // change): the database decides. Only an empty entry is filled; a disagreement is left to expire.
        const { absoluteExpiresAt } = await fallback.confirm(subject);
        if (found.binding !== null) return;
        const ttlMs = Math.min(bindingTtlMs, absoluteExpiresAt.getTime() - clock());
        await revocations.rememberBinding(subject.sessionId, sessionBinding(subject), ttlMs).catch((error: unknown) => {
          markStale();
          onError(error, "check");
        });
      },
    },
    async publish(sessions) {
      try {
        await Promise.all(sessions.map((s) => revocations.revoke(s.sessionId, s.until)));
      } catch (error) {
        markStale();
        onError(error, "publish");
      }
    },
    resync: () => {
      resyncInBackground();
      return resyncing ?? Promise.resolve(0);
    },
  };
}
