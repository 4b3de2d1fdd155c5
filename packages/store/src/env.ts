// The only place @rotor/store reads environment variables. The app calls parseStoreEnv() once
// and passes the result to the factories; tests call parseTestingEnv().
import { z } from "zod";
import { StoreConfigError } from "./errors.ts";
import type { RateLimitConfigInput } from "./rate-limits/config.ts";

type EnvSource = Record<string, string | undefined>;

/** Unset and empty variables mean the same thing: use the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const count = optional(z.coerce.number().int().positive());

export const storeEnvSchema = z.object({
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })),
  REVOCATION_CACHE_TTL_MS: optional(z.coerce.number().int().nonnegative()),
  RATE_LIMIT_DISABLED: optional(z.stringbool()),
  RATE_LIMIT_KEY_PREFIX: optional(z.string()),
  RATE_LIMIT_LOGIN_IP_POINTS: count,
  RATE_LIMIT_LOGIN_IP_WINDOW: count,
  RATE_LIMIT_LOGIN_ACCOUNT_POINTS: count,
  RATE_LIMIT_LOGIN_ACCOUNT_WINDOW: count,
  RATE_LIMIT_LOGIN_ACCOUNT_IP_POINTS: count,
  RATE_LIMIT_LOGIN_ACCOUNT_IP_WINDOW: count,
  RATE_LIMIT_LOGIN_DEVICE_POINTS: count,
  RATE_LIMIT_LOGIN_DEVICE_WINDOW: count,
  RATE_LIMIT_REFRESH_IP_POINTS: count,
  RATE_LIMIT_REFRESH_IP_WINDOW: count,
  RATE_LIMIT_REFRESH_SESSION_POINTS: count,
  RATE_LIMIT_REFRESH_SESSION_WINDOW: count,
  RATE_LIMIT_REFRESH_FAILURE_IP_POINTS: count,
  RATE_LIMIT_REFRESH_FAILURE_IP_WINDOW: count,
});

export interface StoreEnv {
  /** Unset: single-process mode (memory store, memory rate limits). */
  redisUrl: string | undefined;
  /** For `createRevocationList({ cacheTtlMs })`; 0 (the default) disables the cache. */
  revocationCacheTtlMs: number;
  /** For `createRateLimits({ config })`; unset values keep the schema defaults. */
  rateLimits: RateLimitConfigInput;
}

function parse<T extends z.ZodType>(schema: T, source: EnvSource): z.output<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new StoreConfigError(`invalid environment:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}

/** Drops undefined fields so they do not override schema defaults. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

export function parseStoreEnv(source: EnvSource = process.env): StoreEnv {
  const env = parse(storeEnvSchema, source);
  return {
    redisUrl: env.REDIS_URL,
    revocationCacheTtlMs: env.REVOCATION_CACHE_TTL_MS ?? 0,
    rateLimits: defined({
      disabled: env.RATE_LIMIT_DISABLED,
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX,
      loginIp: defined({ points: env.RATE_LIMIT_LOGIN_IP_POINTS, windowSec: env.RATE_LIMIT_LOGIN_IP_WINDOW }),
      loginAccount: defined({
        points: env.RATE_LIMIT_LOGIN_ACCOUNT_POINTS,
        windowSec: env.RATE_LIMIT_LOGIN_ACCOUNT_WINDOW,
      }),
      loginAccountIp: defined({
        points: env.RATE_LIMIT_LOGIN_ACCOUNT_IP_POINTS,
        windowSec: env.RATE_LIMIT_LOGIN_ACCOUNT_IP_WINDOW,
      }),
      loginDevice: defined({ points: env.RATE_LIMIT_LOGIN_DEVICE_POINTS, windowSec: env.RATE_LIMIT_LOGIN_DEVICE_WINDOW }),
      refreshIp: defined({ points: env.RATE_LIMIT_REFRESH_IP_POINTS, windowSec: env.RATE_LIMIT_REFRESH_IP_WINDOW }),
      refreshFailureIp: defined({
        points: env.RATE_LIMIT_REFRESH_FAILURE_IP_POINTS,
        windowSec: env.RATE_LIMIT_REFRESH_FAILURE_IP_WINDOW,
      }),
      refreshSession: defined({
        points: env.RATE_LIMIT_REFRESH_SESSION_POINTS,
        windowSec: env.RATE_LIMIT_REFRESH_SESSION_WINDOW,
      }),
    }),
  };
}

const testingEnvSchema = z.object({
  CI: z
    .string()
    .optional()
    .transform((value) => value === "true" || value === "1"),
  REDIS_SERVER_BIN: optional(z.string()),
});

export interface TestingEnv {
  /** `CI=true`: missing test services fail the run instead of skipping tests. */
  ci: boolean;
  /** Path or name of the redis-server binary used by tests. */
  redisServerBin: string;
}

export function parseTestingEnv(source: EnvSource = process.env): TestingEnv {
  const env = parse(testingEnvSchema, source);
  return { ci: env.CI, redisServerBin: env.REDIS_SERVER_BIN ?? "redis-server" };
}
