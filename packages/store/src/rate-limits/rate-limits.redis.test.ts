// Limits shared by two app instances (two ioredis clients) through one real Redis.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisStore, type RedisStore } from "../redis-store.ts";
import { requireRedisServer } from "../testing/require-redis-server.ts";
import { startRedisServer, type RedisTestServer } from "../testing/start-redis-server.ts";
import { createRateLimits } from "./index.ts";

const redis = requireRedisServer("rate-limits.redis.test.ts");
const alice = { tenantId: "t1", email: "alice@example.com" };

describe.skipIf(!redis.available)("createRateLimits on a real Redis", () => {
  let server: RedisTestServer;
  let stores: RedisStore[] = [];

  beforeAll(async () => {
    server = await startRedisServer({ binary: redis.binary });
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    stores = [];
  });

  async function client(): Promise<Redis> {
    const store = createRedisStore({ url: server.url });
    stores.push(store);
    await store.ping(); // connected, so limiters do not start on their insurance
    return store.client;
  }

  it("holds the account limit across two instances", async () => {
    const keyPrefix = `rl-${randomUUID()}`;
    const one = createRateLimits({ redis: await client(), config: { keyPrefix } });
    const two = createRateLimits({ redis: await client(), config: { keyPrefix } });
    expect(await one.consumeLogin({ ip: "a", account: alice })).toEqual({ ok: true });
    expect(await two.consumeLogin({ ip: "b", account: alice })).toEqual({ ok: true });
    expect(await one.consumeLogin({ ip: "c", account: alice })).toEqual({ ok: true });
    expect(await two.consumeLogin({ ip: "d", account: alice })).toEqual({
      ok: false,
      retryAfterMs: 30_000,
      limiter: "login-account",
    });
    const stillBlocked = await one.consumeLogin({ ip: "e", account: alice });
    expect(stillBlocked).toMatchObject({ ok: false, limiter: "login-account" });
    expect(stillBlocked.ok === false && stillBlocked.retryAfterMs).toBeGreaterThan(29_000);

    // Another prefix is another set of counters.
    const isolated = createRateLimits({ redis: await client(), config: { keyPrefix: `${keyPrefix}-other` } });
    expect(await isolated.consumeLogin({ ip: "f", account: alice })).toEqual({ ok: true });
  });

  it("holds session, failure and device limits across two instances", async () => {
    const config = {
      keyPrefix: `rl-${randomUUID()}`,
      refreshSession: { points: 2, windowSec: 60 },
      refreshFailureIp: { points: 2, windowSec: 60 },
      loginDevice: { points: 1, windowSec: 60 },
    };
    const one = createRateLimits({ redis: await client(), config });
    const two = createRateLimits({ redis: await client(), config });
    await one.recordRotation({ sessionId: "s", successorKey: "t1" });
    await two.recordRotation({ sessionId: "s", successorKey: "t2" });
    expect(await one.checkRefresh({ ip: "ip", tokenKey: "t1" })).toEqual({ ok: true });
    expect(await one.checkRefresh({ ip: "ip", tokenKey: "t2" })).toMatchObject({ ok: false, limiter: "refresh-session" });
    await one.recordRefreshFailure({ ip: "bad" });
    await two.recordRefreshFailure({ ip: "bad" });
    expect(await one.checkRefresh({ ip: "bad", tokenKey: null })).toMatchObject({ ok: false, limiter: "refresh-failure-ip" });
    expect(await two.checkRefresh({ ip: "good", tokenKey: null })).toEqual({ ok: true });
    await one.consumeLogin({ ip: "a", account: alice, deviceId: "d" });
    expect(await two.consumeLogin({ ip: "b", account: alice, deviceId: "d" })).toMatchObject({ ok: false, limiter: "login-device" });
  });

  it("escalates the lockout across instances", async () => {
    const keyPrefix = `rl-${randomUUID()}`;
    const config = { keyPrefix, loginAccount: { points: 1, windowSec: 60 }, loginLockout: { baseBlockSec: 10 } };
    const admin = await client();
    const one = createRateLimits({ redis: admin, config });
    const two = createRateLimits({ redis: await client(), config });

    await one.consumeLogin({ ip: "ip", account: alice });
    expect(await one.consumeLogin({ ip: "ip", account: alice })).toMatchObject({ retryAfterMs: 10_000 });
    const blockKeys = await admin.keys(`${keyPrefix}:login-account:*`);
    expect(blockKeys).toHaveLength(1);
    expect(await admin.pttl(blockKeys[0]!)).toBeGreaterThan(9_000);

    // Let the block run out (Redis drops the key at its TTL) without waiting 10 s.
    await admin.del(blockKeys[0]!);
    await two.consumeLogin({ ip: "ip", account: alice });
    expect(await two.consumeLogin({ ip: "ip", account: alice })).toMatchObject({ retryAfterMs: 20_000 });

    await two.resetLogin({ ip: "ip", account: alice });
    expect(await admin.keys(`${keyPrefix}:login-account:*`)).toEqual([]);
    expect(await admin.keys(`${keyPrefix}:login-lockouts:*`)).toEqual([]);
    expect(await admin.keys(`${keyPrefix}:login-ip:*`)).toHaveLength(1); // the IP budget is not reset
  });
});
