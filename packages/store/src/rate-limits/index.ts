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

export type RateLimiterName =
  | "login-ip"
  | "login-account"
  | "login-account-ip"
  | "login-device"
  | "refresh-ip"
  | "refresh-failure-ip"
  | "refresh-session";

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

export interface LoginAttempt {
  ip: string;
  account: LoginAccount;
  /**
   * Id of a device token the caller verified as issued to this account at an earlier successful
   * sign-in. Such a trusted client is limited per device only, so nobody else's failures lock it out;
   * without it the client is untrusted and limited per IP, per account and IP, and per account.
   * @default null (untrusted)
   */
  deviceId?: string | null;
}

export interface RateLimits {
  /** Counts one login attempt against the limits that apply to it. Call before checking the password. */
  consumeLogin(attempt: LoginAttempt): Promise<RateLimitResult>;
  /** After a successful login: clears the counters of whoever succeeded (the device, or the account and IP). */
  resetLogin(attempt: LoginAttempt): Promise<void>;
  /**
   * Before a refresh: counts it against the IP, and refuses when the IP has failed too often or the
   * presented token (`tokenKey`, e.g. its hash) was minted by a rotation that used up its session's budget.
   */
  checkRefresh(input: { ip: string; tokenKey: string | null }): Promise<RateLimitResult>;
  /** After a refused refresh (unknown, expired, reused token...): counts against the IP's failure budget. */
  recordRefreshFailure(input: { ip: string }): Promise<void>;
  /**
   * After a rotation that minted a successor (never for replays): counts against the session; the
   * rotation that uses up the session's budget makes its successor wait until the window ends.
   */
  recordRotation(input: { sessionId: string; successorKey: string }): Promise<void>;
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

const digest = (value: string) => createHash("sha256").update(value).digest("base64url");

export function createRateLimits(options: RateLimitsOptions = {}): RateLimits {
  const config: RateLimitConfig = parseRateLimitConfig(options.config);
  if (config.disabled) {
    return {
      consumeLogin: async () => allowed,
      resetLogin: async () => undefined,
      checkRefresh: async () => allowed,
      recordRefreshFailure: async () => undefined,
      recordRotation: async () => undefined,
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
  const loginAccountIp = limiter("login-account-ip", config.loginAccountIp.points, config.loginAccountIp.windowSec);
  const loginDevice = limiter("login-device", config.loginDevice.points, config.loginDevice.windowSec);
  const lockouts = limiter("login-lockouts", 1_000_000, config.loginLockout.resetAfterSec);
  const refreshIp = limiter("refresh-ip", config.refreshIp.points, config.refreshIp.windowSec);
  const refreshFailures = limiter("refresh-failure-ip", config.refreshFailureIp.points, config.refreshFailureIp.windowSec);
  const refreshSession = limiter("refresh-session", config.refreshSession.points, config.refreshSession.windowSec);
  // One point: a key is either blocked (by `block`) or absent.
  const waitingTokens = limiter("refresh-waiting", 1, config.refreshSession.windowSec);

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

  /** Reads a counter without charging it: refused once `points` are used up. */
  async function exhausted(target: RateLimiterAbstract, points: number, key: string): Promise<RateLimiterRes | null> {
    try {
      const res = await target.get(key);
      return res && res.consumedPoints >= points && res.msBeforeNext > 0 ? res : null;
    } catch (error) {
      onError(error);
      return null;
    }
  }

  const denied = (limiterName: RateLimiterName, res: RateLimiterRes): RateLimitResult => ({
    ok: false,
    retryAfterMs: Math.max(0, Math.ceil(res.msBeforeNext)),
    limiter: limiterName,
  });

  const settle = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => onError(error));

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
    await settle(loginAccount.block(key, blockSec));
    return blockSec * 1000;
  }

  // Emails are personal data: keys hold a digest, never the address.
  const accountKey = (account: LoginAccount) => digest(`${account.tenantId}\u0000${account.email.trim().toLowerCase()}`);
  const deviceKey = (account: LoginAccount, deviceId: string) => digest(`${accountKey(account)}\u0000${deviceId}`);
  const accountIpKey = (account: LoginAccount, ip: string) => digest(`${accountKey(account)}\u0000${ip}`);

  return {
    async consumeLogin({ ip, account, deviceId }) {
      if (deviceId) {
        const byDevice = await consume(loginDevice, deviceKey(account, deviceId));
        return byDevice.ok ? allowed : denied("login-device", byDevice.res);
      }
      const byIp = await consume(loginIp, ip);
      if (!byIp.ok) return denied("login-ip", byIp.res);
      const byAccountIp = await consume(loginAccountIp, accountIpKey(account, ip));
      if (!byAccountIp.ok) return denied("login-account-ip", byAccountIp.res);
      const key = accountKey(account);
      const byAccount = await consume(loginAccount, key);
      if (byAccount.ok) return allowed;
      if (byAccount.res.consumedPoints === config.loginAccount.points + 1) {
        return { ok: false, retryAfterMs: await lockOut(key), limiter: "login-account" };
      }
      return denied("login-account", byAccount.res);
    },

    async resetLogin({ ip, account, deviceId }) {
      if (deviceId) {
        // Only the device's own count: a trusted sign-in must not reset the backoff an attacker has earned.
        await settle(loginDevice.delete(deviceKey(account, deviceId)));
        return;
      }
      const key = accountKey(account);
      await Promise.all([
        settle(loginAccount.delete(key)),
        settle(lockouts.delete(key)),
        settle(loginAccountIp.delete(accountIpKey(account, ip))),
      ]);
    },

    async checkRefresh({ ip, tokenKey }) {
      const [byIp, failures, waiting] = await Promise.all([
        consume(refreshIp, ip),
        exhausted(refreshFailures, config.refreshFailureIp.points, ip),
        tokenKey ? exhausted(waitingTokens, 1, tokenKey) : null,
      ]);
      if (!byIp.ok) return denied("refresh-ip", byIp.res);
      if (failures) return denied("refresh-failure-ip", failures);
      if (waiting) return denied("refresh-session", waiting);
      return allowed;
    },

    async recordRefreshFailure({ ip }) {
      await consume(refreshFailures, ip);
    },

    async recordRotation({ sessionId, successorKey }) {
      let res: RateLimiterRes;
      try {
        res = await refreshSession.consume(sessionId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return onError(rejection);
        res = rejection;
      }
      if (res.consumedPoints < config.refreshSession.points) return;
      await settle(waitingTokens.block(successorKey, Math.max(1, Math.ceil(res.msBeforeNext / 1000))));
    },
  };
}
