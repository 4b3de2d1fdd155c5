import { describe, expect, it } from "vitest";
import { parseStoreEnv, parseTestingEnv } from "./env.ts";
import { parseRateLimitConfig } from "./rate-limits/config.ts";

describe("parseStoreEnv", () => {
  it("means single-process defaults when nothing is set (empty counts as unset)", () => {
    const env = parseStoreEnv({ REDIS_URL: "", RATE_LIMIT_LOGIN_IP_POINTS: "" });
    expect(env).toEqual({ redisUrl: undefined, revocationCacheTtlMs: 0, rateLimits: { loginIp: {}, loginAccount: {}, loginAccountIp: {}, loginDevice: {}, refreshIp: {}, refreshSession: {}, refreshFailureIp: {} } });
    expect(parseRateLimitConfig(env.rateLimits)).toEqual(parseRateLimitConfig());
  });

  it("maps every variable, windows in seconds", () => {
    const env = parseStoreEnv({
      REDIS_URL: "redis://cache:6379/0",
      REVOCATION_CACHE_TTL_MS: "2000",
      RATE_LIMIT_DISABLED: "true",
      RATE_LIMIT_KEY_PREFIX: "rotor:staging:rl",
      RATE_LIMIT_LOGIN_IP_POINTS: "31",
      RATE_LIMIT_LOGIN_IP_WINDOW: "301",
      RATE_LIMIT_LOGIN_ACCOUNT_POINTS: "4",
      RATE_LIMIT_LOGIN_ACCOUNT_WINDOW: "11",
      RATE_LIMIT_REFRESH_IP_POINTS: "151",
      RATE_LIMIT_REFRESH_IP_WINDOW: "302",
      RATE_LIMIT_REFRESH_SESSION_POINTS: "21",
      RATE_LIMIT_REFRESH_SESSION_WINDOW: "303",
      RATE_LIMIT_LOGIN_ACCOUNT_IP_POINTS: "12",
      RATE_LIMIT_LOGIN_ACCOUNT_IP_WINDOW: "304",
      RATE_LIMIT_LOGIN_DEVICE_POINTS: "13",
      RATE_LIMIT_LOGIN_DEVICE_WINDOW: "305",
      RATE_LIMIT_REFRESH_FAILURE_IP_POINTS: "14",
      RATE_LIMIT_REFRESH_FAILURE_IP_WINDOW: "306",
      UNRELATED: "ignored",
    });
    expect(env.redisUrl).toBe("redis://cache:6379/0");
    expect(env.revocationCacheTtlMs).toBe(2000);
    expect(parseRateLimitConfig(env.rateLimits)).toMatchObject({
      disabled: true,
      keyPrefix: "rotor:staging:rl",
      loginIp: { points: 31, windowSec: 301 },
      loginAccount: { points: 4, windowSec: 11 },
      refreshIp: { points: 151, windowSec: 302 },
      refreshSession: { points: 21, windowSec: 303 },
      loginAccountIp: { points: 12, windowSec: 304 },
      loginDevice: { points: 13, windowSec: 305 },
      refreshFailureIp: { points: 14, windowSec: 306 },
    });
  });

  it("rejects invalid values naming the variable", () => {
    expect(() => parseStoreEnv({ REDIS_URL: "http://cache" })).toThrow(/REDIS_URL/);
    expect(() => parseStoreEnv({ RATE_LIMIT_LOGIN_IP_POINTS: "0" })).toThrow(/RATE_LIMIT_LOGIN_IP_POINTS/);
    expect(() => parseStoreEnv({ RATE_LIMIT_REFRESH_IP_WINDOW: "5m" })).toThrow(/RATE_LIMIT_REFRESH_IP_WINDOW/);
    expect(() => parseStoreEnv({ RATE_LIMIT_DISABLED: "maybe" })).toThrow(
      expect.objectContaining({ code: "STORE_CONFIG_INVALID" }),
    );
  });
});

describe("parseTestingEnv", () => {
  it("reads CI and the redis-server binary", () => {
    expect(parseTestingEnv({})).toEqual({ ci: false, redisServerBin: "redis-server" });
    expect(parseTestingEnv({ CI: "true", REDIS_SERVER_BIN: "/opt/redis" })).toEqual({ ci: true, redisServerBin: "/opt/redis" });
    expect(parseTestingEnv({ CI: "false" }).ci).toBe(false);
  });
});
