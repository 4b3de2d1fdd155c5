// Public surface of @rotor/store: shared fast state (key-value store, revocation list, rate limits).
export type { Clock } from "./clock.ts";
export { systemClock } from "./clock.ts";
export type { StoreErrorCode } from "./errors.ts";
export {
  isStoreError,
  StoreArgumentError,
  StoreClosedError,
  StoreCommandError,
  StoreConfigError,
  StoreError,
  StoreUnavailableError,
} from "./errors.ts";
export type { KeyValueStore, SetOptions, Subscription, SubscriptionListener } from "./key-value-store.ts";
export type { MemoryStoreOptions } from "./memory-store.ts";
export { createMemoryStore } from "./memory-store.ts";
export type { RedisStore, RedisStoreOptions } from "./redis-store.ts";
export { createRedisStore } from "./redis-store.ts";
export type { RevocationHealth, RevocationList, RevocationListOptions, SessionLookup } from "./revocation-list.ts";
export { createRevocationList, revocationChannel, DEFAULT_REVOCATION_KEY_PREFIX } from "./revocation-list.ts";
export type { LoginAccount, RateLimiterName, RateLimitResult, RateLimits, RateLimitsOptions } from "./rate-limits/index.ts";
export { createRateLimits } from "./rate-limits/index.ts";
export type { RateLimitConfig, RateLimitConfigInput } from "./rate-limits/config.ts";
export { parseRateLimitConfig, rateLimitConfigSchema } from "./rate-limits/config.ts";
export type { StoreEnv } from "./env.ts";
export { parseStoreEnv, storeEnvSchema } from "./env.ts";
export { createThresholdCounter, type ThresholdCounter, type ThresholdCounterOptions } from "./threshold-counter.ts";
