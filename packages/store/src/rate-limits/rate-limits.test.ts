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
      config: { loginAccount: { points: 2, windowSec: 60 }, loginLockout: { baseBlockSec: 10, maxBlockSec: 35 } },
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
    await limits.resetLogin(alice);
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

  it("limits refreshes per IP (150 per 5 min by default) and per session", async () => {
    const limits = createRateLimits({ config: { refreshSession: { points: 2, windowSec: 60 } } });
    expect(await limits.consumeRefresh({ ip: "ip", sessionId: "s1" })).toEqual({ ok: true });
    expect(await limits.consumeRefresh({ ip: "ip", sessionId: "s1" })).toEqual({ ok: true });
    expect(await limits.consumeRefresh({ ip: "ip", sessionId: "s1" })).toEqual({
      ok: false,
      retryAfterMs: 60_000,
      limiter: "refresh-session",
    });
    for (let i = 3; i < 150; i++) await limits.consumeRefresh({ ip: "ip", sessionId: `s${i}` });
    expect(await limits.consumeRefresh({ ip: "ip", sessionId: "fresh" })).toMatchObject({
      ok: false,
      limiter: "refresh-ip",
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
