import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimits } from "./index.ts";
import { parseRateLimitConfig } from "./config.ts";

const alice = { tenantId: "t1", email: "alice@example.com" };

describe("createRateLimits (in memory)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("allows 3 logins per 10 s per account by default, then locks the account out", async () => {
    const limits = createRateLimits();
    for (let i = 0; i < 3; i++) expect(await limits.consumeLogin({ ip: "1.1.1.1", account: alice })).toEqual({ ok: true });
    expect(await limits.consumeLogin({ ip: "1.1.1.1", account: alice })).toEqual({
      ok: false,
      retryAfterMs: 30_000,
      limiter: "login-account",
    });
    vi.advanceTimersByTime(10_000);
    const during = await limits.consumeLogin({ ip: "1.1.1.1", account: alice });
    expect(during).toEqual({ ok: false, retryAfterMs: 20_000, limiter: "login-account" });
  });

  it("doubles the lockout each time the account goes over the limit again, up to the maximum", async () => {
    const limits = createRateLimits({
      config: {
        loginAccount: { points: 2, windowSec: 60 },
        loginAccountIp: { points: 100 },
        loginLockout: { baseBlockSec: 10, maxBlockSec: 35 },
      },
    });
    const blocks: number[] = [];
    for (let round = 0; round < 4; round++) {
      let result = await limits.consumeLogin({ ip: "ip", account: alice });
      while (result.ok) result = await limits.consumeLogin({ ip: "ip", account: alice });
      blocks.push(result.retryAfterMs);
      vi.advanceTimersByTime(result.retryAfterMs);
    }
    expect(blocks).toEqual([10_000, 20_000, 35_000, 35_000]);
  });

  it("resetLogin clears the attempts and the lockout history", async () => {
    const limits = createRateLimits({ config: { loginAccount: { points: 1 }, loginLockout: { baseBlockSec: 10 } } });
    await limits.consumeLogin({ ip: "ip", account: alice });
    expect(await limits.consumeLogin({ ip: "ip", account: alice })).toMatchObject({ retryAfterMs: 10_000 });
    vi.advanceTimersByTime(10_000);
    await limits.consumeLogin({ ip: "ip", account: alice });
    await limits.resetLogin({ ip: "ip", account: alice });
    expect(await limits.consumeLogin({ ip: "ip", account: alice })).toEqual({ ok: true });
    expect(await limits.consumeLogin({ ip: "ip", account: alice })).toMatchObject({ retryAfterMs: 10_000 });
  });

  it("keys accounts by tenant and case-insensitive email", async () => {
    const limits = createRateLimits({ config: { loginAccount: { points: 1 } } });
    expect(await limits.consumeLogin({ ip: "ip", account: alice })).toEqual({ ok: true });
    expect(
      await limits.consumeLogin({ ip: "ip", account: { tenantId: "t1", email: " Alice@Example.com" } }),
    ).toMatchObject({ ok: false, limiter: "login-account" });
    expect(await limits.consumeLogin({ ip: "ip", account: { tenantId: "t2", email: alice.email } })).toEqual({
      ok: true,
    });
  });

  it("limits logins per IP across accounts, checked before the account", async () => {
    const limits = createRateLimits({ config: { loginIp: { points: 2, windowSec: 300 } } });
    await limits.consumeLogin({ ip: "9.9.9.9", account: { tenantId: "t", email: "a@x" } });
    await limits.consumeLogin({ ip: "9.9.9.9", account: { tenantId: "t", email: "b@x" } });
    expect(await limits.consumeLogin({ ip: "9.9.9.9", account: alice })).toEqual({
      ok: false,
      retryAfterMs: 300_000,
      limiter: "login-ip",
    });
    // Alice's own budget was not spent by the rejected attempt.
    expect(await limits.consumeLogin({ ip: "8.8.8.8", account: alice })).toEqual({ ok: true });
  });

  it("bounds one IP's guesses at one account, and the IP across accounts", async () => {
    const limits = createRateLimits({ config: { loginAccount: { points: 100 }, loginAccountIp: { points: 2, windowSec: 900 } } });
    await limits.consumeLogin({ ip: "6.6.6.6", account: alice });
    await limits.consumeLogin({ ip: "6.6.6.6", account: alice });
    expect(await limits.consumeLogin({ ip: "6.6.6.6", account: alice })).toEqual({
      ok: false,
      retryAfterMs: 900_000,
      limiter: "login-account-ip",
    });
    expect(await limits.consumeLogin({ ip: "7.7.7.7", account: alice })).toEqual({ ok: true });
  });

  describe("device tokens (OWASP: slow down online guessing with device cookies)", () => {
    it("a trusted device is not locked out by the account's lockout, and is limited on its own", async () => {
      const limits = createRateLimits({ config: { loginDevice: { points: 3, windowSec: 900 } } });
      // An attacker without a device token locks the account for untrusted clients.
      let attacker = await limits.consumeLogin({ ip: "6.6.6.6", account: alice });
      while (attacker.ok) attacker = await limits.consumeLogin({ ip: "6.6.6.6", account: alice });
      expect(attacker).toMatchObject({ limiter: "login-account", retryAfterMs: 30_000 });
      expect(await limits.consumeLogin({ ip: "1.2.3.4", account: alice })).toMatchObject({ ok: false, limiter: "login-account" });
      // The real user's device still signs in, even from the attacker's IP.
      expect(await limits.consumeLogin({ ip: "6.6.6.6", account: alice, deviceId: "mine" })).toEqual({ ok: true });
      await limits.resetLogin({ ip: "6.6.6.6", account: alice, deviceId: "mine" });
      // ...and its success did not reset the attacker's lockout.
      expect(await limits.consumeLogin({ ip: "1.2.3.4", account: alice })).toMatchObject({ ok: false, limiter: "login-account" });
      // A device that fails too often is itself locked out of the account; other devices are not.
      for (let i = 0; i < 3; i++) await limits.consumeLogin({ ip: "x", account: alice, deviceId: "stolen" });
      expect(await limits.consumeLogin({ ip: "y", account: alice, deviceId: "stolen" })).toEqual({
        ok: false,
        retryAfterMs: 900_000,
        limiter: "login-device",
      });
      expect(await limits.consumeLogin({ ip: "x", account: alice, deviceId: "mine" })).toEqual({ ok: true });
      // Device counts are per account: the same id presented for another account is another counter.
      expect(await limits.consumeLogin({ ip: "x", account: { tenantId: "t1", email: "bob@x" }, deviceId: "stolen" })).toEqual({ ok: true });
    });
  });

  describe("refresh (regression: racing tabs were charged, unknown tokens shared one global bucket)", () => {
    it("charges rotations per session; the successor of the rotation that used up the budget waits for the window", async () => {
      const limits = createRateLimits({ config: { refreshSession: { points: 2, windowSec: 60 } } });
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "t0" })).toEqual({ ok: true });
      await limits.recordRotation({ sessionId: "s1", successorKey: "t1" });
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "t1" })).toEqual({ ok: true });
      await limits.recordRotation({ sessionId: "s1", successorKey: "t2" });
      // Replays of t1 (nothing minted) are never recorded, so t1 stays usable for them.
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "t1" })).toEqual({ ok: true });
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "t2" })).toEqual({ ok: false, retryAfterMs: 60_000, limiter: "refresh-session" });
      vi.advanceTimersByTime(60_000);
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "t2" })).toEqual({ ok: true });
      // Another session's budget is its own.
      await limits.recordRotation({ sessionId: "s2", successorKey: "u1" });
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "u1" })).toEqual({ ok: true });
    });

    it("limits refused refreshes per IP, not globally", async () => {
      const limits = createRateLimits();
      for (let i = 0; i < 20; i++) {
        expect(await limits.checkRefresh({ ip: "6.6.6.6", tokenKey: null })).toEqual({ ok: true });
        await limits.recordRefreshFailure({ ip: "6.6.6.6" });
      }
      expect(await limits.checkRefresh({ ip: "6.6.6.6", tokenKey: null })).toEqual({
        ok: false,
        retryAfterMs: 300_000,
        limiter: "refresh-failure-ip",
      });
      expect(await limits.checkRefresh({ ip: "7.7.7.7", tokenKey: null })).toEqual({ ok: true });
    });

    it("limits refreshes per IP (150 per 5 min by default)", async () => {
      const limits = createRateLimits();
      for (let i = 0; i < 150; i++) expect(await limits.checkRefresh({ ip: "ip", tokenKey: `t${i}` })).toEqual({ ok: true });
      expect(await limits.checkRefresh({ ip: "ip", tokenKey: "fresh" })).toMatchObject({ ok: false, limiter: "refresh-ip" });
    });
  });

  it("lets everything through when disabled", async () => {
    const limits = createRateLimits({ config: { disabled: true, loginAccount: { points: 1 } } });
    for (let i = 0; i < 10; i++) expect(await limits.consumeLogin({ ip: "ip", account: alice })).toEqual({ ok: true });
  });
});

describe("parseRateLimitConfig", () => {
  it("fills in the defaults", () => {
    expect(parseRateLimitConfig()).toEqual({
      disabled: false,
      keyPrefix: "rotor:rl",
      loginIp: { points: 30, windowSec: 300 },
      loginAccount: { points: 3, windowSec: 10 },
      loginLockout: { baseBlockSec: 30, maxBlockSec: 900, resetAfterSec: 86_400 },
      refreshIp: { points: 150, windowSec: 300 },
      refreshSession: { points: 20, windowSec: 300 },
      loginAccountIp: { points: 10, windowSec: 900 },
      loginDevice: { points: 10, windowSec: 900 },
      refreshFailureIp: { points: 20, windowSec: 300 },
    });
  });

  it("rejects invalid values with STORE_CONFIG_INVALID naming the field", () => {
    expect(() => parseRateLimitConfig({ loginIp: { points: 0 } })).toThrow(/loginIp\.points/);
    expect(() => parseRateLimitConfig({ loginLockout: { baseBlockSec: 60, maxBlockSec: 30 } })).toThrow(
      /loginLockout\.maxBlockSec/,
    );
    expect(() => parseRateLimitConfig({ keyPrefix: "has space" })).toThrow(/keyPrefix/);
    expect(() => parseRateLimitConfig({ loginIP: {} } as never)).toThrow(/loginIP/);
    expect(() => parseRateLimitConfig({ refreshIp: { windowSec: -1 } })).toThrow(
      expect.objectContaining({ code: "STORE_CONFIG_INVALID" }),
    );
  });
});
