// The default session guard: one primary-key lookup per request. Correct on its own; the Redis-backed
// guard (fast path) falls back to this one when Redis cannot answer.
import type { PrismaClient } from "@rotor/db";
import type { Clock } from "../clock.ts";
import { AuthError } from "../errors.ts";
import type { SessionGuard } from "./types.ts";

export function createDatabaseSessionGuard(deps: { prisma: PrismaClient; clock: Clock }): SessionGuard {
  return {
    async assertActive(subject) {
      const session = await deps.prisma.session.findUnique({
        where: { id: subject.sessionId },
        select: { revokedAt: true, revokedReason: true, absoluteExpiresAt: true, userId: true },
      });
      if (!session || session.userId !== subject.userId) throw new AuthError("SESSION_REVOKED", "Session revoked");
      if (session.revokedAt) {
        throw session.revokedReason === "absolute-expiry"
          ? new AuthError("SESSION_EXPIRED", "Session expired")
          : new AuthError("SESSION_REVOKED", "Session revoked");
      }
      if (session.absoluteExpiresAt.getTime() <= deps.clock()) throw new AuthError("SESSION_EXPIRED", "Session expired");
    },
  };
}
