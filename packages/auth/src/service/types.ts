// Shapes shared by the token service's operations.
import type { PrismaClient } from "@rotor/db";
import type { AccessTokenVerifier } from "../access-token/verify-access-token.ts";
import type { AccessTokenSubject } from "../access-token/claims.ts";
import type { Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import type { KeySet } from "../keys/key-set.ts";
import type { AuthMetrics } from "../metrics/auth-metrics.ts";
import type { PasswordHasher } from "../password/password-hasher.ts";
import type { ReplayCipher } from "../refresh-token/replay-cipher.ts";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
}

/** Where a request came from, for sessions and the audit trail. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** The authenticated caller, resolved from an access token (or, later, a web session). */
export interface AuthSubject extends AccessTokenSubject {
  /** Access token expiry, epoch ms. */
  expiresAt: number;
}

/** A revoked session, told to whoever keeps fast revocation state (Redis) once the change is committed. */
export interface RevokedSession {
  sessionId: string;
  /** Epoch ms after which no access token of the session can be valid any more. */
  until: number;
}

/**
 * Decides whether the session behind a verified access token is still alive. The default asks the
 * database; a Redis-backed guard can replace it. Throws AuthError SESSION_REVOKED / SESSION_EXPIRED.
 */
export interface SessionGuard {
  assertActive(subject: AuthSubject): Promise<void>;
}

/**
 * A statement on the hot path, sent as a named prepared statement: each pooled connection parses and plans
 * it once (node-postgres prepares a `name` on a connection's first use and reuses it after), instead of
 * PostgreSQL re-planning the text on every call. One name per text, always.
 */
export interface SqlStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** A driver-level SQL client (a pg.Pool satisfies it), for statements on the hot path. */
export interface SqlClient {
  query<R>(statement: SqlStatement): Promise<{ rows: R[] }>;
}

export interface TokenServiceDeps {
  prisma: PrismaClient;
  /** Shares its pool with `prisma`; used where one round trip matters (rotation). */
  sql: SqlClient;
  keySet: KeySet;
  lifetimes: TokenLifetimes;
  passwords: PasswordHasher;
  replayCipher: ReplayCipher;
  clock: Clock;
  verifyAccessToken: AccessTokenVerifier;
  sessionGuard: SessionGuard;
  /** Counts operations after they commit (no-op by default). */
  metrics: AuthMetrics;
  /** Called after a revocation commits. Must not throw (errors are reported, not propagated). */
  onSessionsRevoked: (sessions: RevokedSession[]) => Promise<void> | void;
}
