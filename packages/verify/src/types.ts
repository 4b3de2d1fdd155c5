// Options and results of the verifier, each option documented with its default.
import type { Role } from "./internal/claims.ts";

/** What a verified, not revoked access token says about its bearer. */
export interface Subject {
  userId: string;
  sessionId: string;
  tenantId: string;
  role: Role;
  /** When the access token stops being accepted. */
  expiresAt: Date;
  /** The token's `jti`. */
  tokenId: string;
}

/** The parts of an ioredis client the Redis source uses (ioredis 5 satisfies it; nothing imports ioredis). */
export interface RedisClientLike {
  get(key: string): Promise<string | null>;
  /** A second connection for pub/sub, as Redis requires (ioredis: `duplicate()`). */
  duplicate(): RedisSubscriberLike;
}

export interface RedisSubscriberLike {
  subscribe(channel: string): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
}

export interface RedisRevocationOptions {
  source: "redis";
  /**
   * A client of the Redis that Rotor writes its revocation list to (REDIS_URL). Give it a small
   * `commandTimeout` and `enableOfflineQueue: false` so an outage answers fast instead of queueing.
   */
  redis: RedisClientLike;
  /**
   * Rotor's key prefix; the invalidation channel is `${keyPrefix}invalidate`.
   * @default "rotor:revoked:"
   */
  keyPrefix?: string;
  /**
   * How long a "not revoked" answer may be reused without asking Redis, in milliseconds, while the pub/sub
   * subscription that evicts it is up. `0` asks Redis on every verification (one round trip).
   * @default 0
   */
  cacheTtlMs?: number;
  /**
   * Longest wait for one Redis answer before the status counts as unknown, in milliseconds.
   * @default 500
   */
  timeoutMs?: number;
}

export interface FeedRevocationOptions {
  source: "feed";
  /** Rotor's revocation feed, e.g. `https://auth.example.com/api/revocations/stream`. */
  url: string;
  /** A service credential (`rotor service create`), sent as `Authorization: Bearer <credential>`. */
  credential: string;
  /**
   * Silence after which the connection counts as lost and is reopened, in milliseconds. Rotor sends a
   * heartbeat every 5 s.
   * @default 15000
   */
  heartbeatTimeoutMs?: number;
  /**
   * First delay before reconnecting, in milliseconds; doubles per failed attempt up to 10 s.
   * @default 500
   */
  reconnectDelayMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface NoRevocationOptions {
  /** Tokens stay valid until they expire, whatever happens to their session (Rotor's default TTL: 15 min). */
  source: "none";
}

export type RevocationOptions = RedisRevocationOptions | FeedRevocationOptions | NoRevocationOptions;

/**
 * What happens while the revocation source cannot answer (Redis unreachable, feed disconnected):
 * - `{ failClosedAfterMs }`: keep accepting for that long after the source last answered, then refuse
 *   with REVOCATION_UNAVAILABLE (503) until it answers again. `0` refuses at once.
 * - `"accept-with-warning"`: keep accepting (tokens are then valid until expiry), warning once per outage.
 */
export type FailSafe = { failClosedAfterMs: number } | "accept-with-warning";

export interface VerifierWarning {
  code: "REVOCATION_SOURCE_DOWN" | "REVOCATION_SOURCE_UP" | "FEED_REFUSED" | "ACCEPTED_UNCHECKED";
  message: string;
}

export interface VerifierOptions {
  /** Rotor's AUTH_ISSUER. */
  issuer: string;
  /** Rotor's AUTH_AUDIENCE. */
  audience: string;
  /** Rotor's JWKS, e.g. `https://auth.example.com/.well-known/jwks.json`; cached, refetched for an unknown `kid`. */
  jwksUrl: string | URL;
  revocation: RevocationOptions;
  /**
   * Least time between two JWKS fetches, in milliseconds: a token with an unknown `kid` refetches the JWKS
   * only when this long has passed since the last fetch (jose's `cooldownDuration`).
   * @default 30000
   */
  jwksCooldownMs?: number;
  /**
   * How long a fetched JWKS is used before it is fetched again, in milliseconds (jose's `cacheMaxAge`).
   * @default 600000
   */
  jwksCacheMaxAgeMs?: number;
  /** @default { failClosedAfterMs: 30000 } */
  failSafe?: FailSafe;
  /**
   * Seconds of clock skew tolerated on `exp`, `nbf` and `iat` (Rotor's AUTH_CLOCK_TOLERANCE).
   * @default 5
   */
  clockToleranceSec?: number;
  /**
   * How many verified tokens to remember (skips the signature check; expiry and revocation are still checked
   * on every call). `0` disables the cache.
   * @default 10000
   */
  cacheSize?: number;
  /**
   * Milliseconds since the epoch.
   * @default Date.now
   */
  clock?: () => number;
  /** @default console.warn */
  onWarning?: (warning: VerifierWarning) => void;
}

export interface VerifierStatus {
  source: RevocationOptions["source"];
  /** Whether the source can currently answer. Always true for "none". */
  healthy: boolean;
  /** The last moment the source was known to be complete (epoch ms), or null if never. */
  lastHealthyAt: number | null;
}

export interface Verifier {
  /** Verifies the token and its session; rejects with a `VerifyError`. */
  verify(token: string): Promise<Subject>;
  /** Resolves once the revocation source has answered for the first time (feed: after its snapshot). */
  ready(): Promise<void>;
  status(): VerifierStatus;
  /** Closes the feed connection or the Redis subscriber connection (not the Redis client passed in). */
  close(): Promise<void>;
}
