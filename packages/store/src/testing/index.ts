// Test helpers of @rotor/store (no test framework inside): a real throwaway Redis, a manual clock.
export type { ManualClock } from "./manual-clock.ts";
export { createManualClock } from "./manual-clock.ts";
export type { RedisTestServer, StartRedisServerOptions } from "./start-redis-server.ts";
export { isRedisServerAvailable, startRedisServer } from "./start-redis-server.ts";
export { elapseRedisTtls } from "./elapse-redis-ttls.ts";
export type { RedisServerRequirement } from "./require-redis-server.ts";
export { requireRedisServer } from "./require-redis-server.ts";
export { SAFETY_NET_MS, withinSafetyNet } from "./within-safety-net.ts";
