// What a refresh token says about its session, without rotating it (RFC 7662 introspection): active only while
// it is the session's current token (not rotated, not revoked, not expired) and the session lives.
import type { AuthRole } from "../access-token/claims.ts";
import { hashRefreshToken, isWellFormedRefreshToken } from "../refresh-token/refresh-token.ts";
import type { TokenServiceDeps } from "./types.ts";

export interface RefreshTokenIntrospection {
  userId: string;
  sessionId: string;
  tenantId: string;
  role: AuthRole;
  /** Epoch ms: the token's expiry, never past the session's. */
  expiresAt: number;
  issuedAt: number;
}

export async function introspectRefreshToken(deps: Pick<TokenServiceDeps, "prisma" | "clock">, token: string): Promise<RefreshTokenIntrospection | null> {
  if (!isWellFormedRefreshToken(token)) return null;
  const row = await deps.prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    select: {
      createdAt: true,
      expiresAt: true,
      rotatedAt: true,
      revokedAt: true,
      session: { select: { id: true, tenantId: true, revokedAt: true, idleExpiresAt: true, absoluteExpiresAt: true, user: { select: { id: true, role: true } } } },
    },
  });
  const now = deps.clock();
  if (!row || row.rotatedAt !== null || row.revokedAt !== null || row.expiresAt.getTime() <= now) return null;
  const { session } = row;
  if (session.revokedAt !== null || session.idleExpiresAt.getTime() <= now || session.absoluteExpiresAt.getTime() <= now) return null;
  return {
    userId: session.user.id,
    sessionId: session.id,
    tenantId: session.tenantId,
    role: session.user.role,
    expiresAt: Math.min(row.expiresAt.getTime(), session.absoluteExpiresAt.getTime()),
    issuedAt: row.createdAt.getTime(),
  };
}
