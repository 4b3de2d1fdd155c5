// Brute-force and abuse limits for login and token refresh, on rate-limiter-flexible.
// With Redis the counters are shared by every instance; each Redis limiter carries an in-memory
// insurance limiter, so a Redis outage degrades to per-process limits instead of failing requests.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { parseRateLimitConfig, type RateLimitConfig, type RateLimitConfigInput } from "./config.ts";

export type RateLimiterName = "login-ip" | "login-account" | "refresh-ip" | "refresh-session";

export type RateLimitResult =
  | { ok: true }
  | {
      ok: false;
      /** Milliseconds until the caller may try again (for `Retry-After`). */
      retryAfterMs: number;
      limiter: RateLimiterName;
    };

export interface LoginAccount {
  tenantId: string;
  /** Compared case-insensitively and without surrounding spaces. */
  email: string;
}

export interface RateLimits {
  /** Counts one login attempt against the IP, then against the account. Call before checking the password. */
  consumeLogin(input: { ip: string; account: LoginAccount }): Promise<RateLimitResult>;
  /** Counts one refresh against the IP, then against the session. */
  consumeRefresh(input: { ip: string; sessionId: string }): Promise<RateLimitResult>;
  /** Clears the account's attempts and lockout history; call after a successful login. */
  resetLogin(account: LoginAccount): Promise<void>;
}

export interface RateLimitsOptions {
  /**
   * ioredis client shared with other instances (e.g. `redisStore.client`); without it, limits
   * are per process. Give it `enableOfflineQueue: false` so an outage falls through to the
   * in-memory insurance at once.
   * @default undefined (RateLimiterMemory)
   */
  redis?: Redis;
  /** Limits; every field has a default (see `rateLimitConfigSchema`). */
  config?: RateLimitConfigInput;
  /**
   * Receives unexpected limiter failures; the request is then let through rather than failed.
   * @default undefined (dropped)
   */
  onError?: (error: unknown) => void;
}

const allowed: RateLimitResult = { ok: true };

/** Emails are personal data: keys hold a digest, never the address. */
function accountKey(account: LoginAccount): string {
  return createHash("sha256")
    .update(`${account.tenantId}\u0000${account.email.trim().toLowerCase()}`)
    .digest("base64url");
}

export function createRateLimits(options: RateLimitsOptions = {}): RateLimits {
  const config: RateLimitConfig = parseRateLimitConfig(options.config);
  if (config.disabled) {
    return {
      consumeLogin: async () => allowed,
      consumeRefresh: async () => allowed,
      resetLogin: async () => undefined,
    };
  }
  const { redis } = options;
  const onError = options.onError ?? (() => undefined);

  function limiter(name: string, points: number, durationSec: number): RateLimiterAbstract {
    const keyPrefix = `${config.keyPrefix}:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSec });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration: durationSec,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  const loginIp = limiter("login-ip", config.loginIp.points, config.loginIp.windowSec);
  const loginAccount = limiter("login-account", config.loginAccount.points, config.loginAccount.windowSec);
  const lockouts = limiter("login-lockouts", 1_000_000, config.loginLockout.resetAfterSec);
  const refreshIp = limiter("refresh-ip", config.refreshIp.points, config.refreshIp.windowSec);
  const refreshSession = limiter("refresh-session", config.refreshSession.points, config.refreshSession.windowSec);

  type Outcome = { ok: true } | { ok: false; res: RateLimiterRes };

  async function consume(target: RateLimiterAbstract, key: string): Promise<Outcome> {
    try {
      await target.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { ok: false, res: rejection };
      // Only reachable if both Redis and the insurance failed: do not turn it into a 500.
      onError(rejection);
      return { ok: true };
    }
  }

  const denied = (limiterName: RateLimiterName, res: RateLimiterRes): RateLimitResult => ({
    ok: false,
    retryAfterMs: Math.max(0, Math.ceil(res.msBeforeNext)),
    limiter: limiterName,
  });

  /** The attempt that crosses the limit starts a lockout, twice as long as the previous one. */
  async function lockOut(key: string): Promise<number> {
    const { baseBlockSec, maxBlockSec } = config.loginLockout;
    let lockoutCount = 1;
    try {
      lockoutCount = (await lockouts.penalty(key)).consumedPoints;
    } catch (error) {
      onError(error);
    }
    const blockSec = Math.min(maxBlockSec, baseBlockSec * 2 ** Math.min(lockoutCount - 1, 30));
    try {
      await loginAccount.block(key, blockSec);
    } catch (error) {
      onError(error);
    }
    return blockSec * 1000;
  }

  return {
    async consumeLogin({ ip, account }) {
      const byIp = await consume(loginIp, ip);
      if (!byIp.ok) return denied("login-ip", byIp.res);
      const key = accountKey(account);
      const byAccount = await consume(loginAccount, key);
      if (byAccount.ok) return allowed;
      if (byAccount.res.consumedPoints === config.loginAccount.points + 1) {
        return { ok: false, retryAfterMs: await lockOut(key), limiter: "login-account" };
      }
      return denied("login-account", byAccount.res);
    },

    async consumeRefresh({ ip, sessionId }) {
      const byIp = await consume(refreshIp, ip);
      if (!byIp.ok) return denied("refresh-ip", byIp.res);
      const bySession = await consume(refreshSession, sessionId);
      return bySession.ok ? allowed : denied("refresh-session", bySession.res);
    },

    async resetLogin(account) {
      const key = accountKey(account);
      await Promise.all(
        [loginAccount, lockouts].map((target) => target.delete(key).catch((error: unknown) => onError(error))),
      );
    },
  };
}
