// What the app sees when its Redis dies and comes back: no throws, no hangs, then recovery.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRateLimits } from "./rate-limits/index.ts";
import { createRedisStore } from "./redis-store.ts";
import { createRevocationList } from "./revocation-list.ts";
import { requireRedisServer } from "./testing/require-redis-server.ts";
import { SAFETY_NET_MS, withinSafetyNet } from "./testing/within-safety-net.ts";
import { startRedisServer, type RedisTestServer } from "./testing/start-redis-server.ts";

const redis = requireRedisServer("redis-outage.test.ts");
const MINUTE = 60_000;
/** While Redis is down every call must settle (answer or fail), never wait for Redis to return. */
const bounded = <T>(work: () => Promise<T>): Promise<T> => withinSafetyNet(work);

describe.skipIf(!redis.available)("Redis stopped mid-run, then restarted", () => {
  let server: RedisTestServer;

  beforeAll(async () => {
    server = await startRedisServer({ binary: redis.binary });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers 'unknown', keeps rate limiting on insurance, and recovers", async () => {
    const storeA = createRedisStore({ url: server.url });
    const storeB = createRedisStore({ url: server.url });
    const errors: string[] = [];
    const a = createRevocationList({ store: storeA, cacheTtlMs: MINUTE });
    const b = createRevocationList({ store: storeB, cacheTtlMs: MINUTE, onError: (error) => errors.push(error.code) });
    await Promise.all([a.ready(), b.ready()]);
    const limits = createRateLimits({ redis: storeB.client, config: { keyPrefix: `rl-${randomUUID()}` } });
    const account = { tenantId: "t", email: "bob@example.com" };

    await a.revoke("revoked-before", Date.now() + MINUTE);
    await vi.waitFor(async () => expect(await b.isRevoked("revoked-before")).toBe(true), { timeout: SAFETY_NET_MS, interval: 5 });
    expect(await b.isRevoked("fine-before")).toBe(false);
    expect(await limits.consumeLogin({ ip: "ip", account })).toEqual({ ok: true });

    await server.stop();
    // The list learns of the outage from its interrupted subscription (and drops cached negatives then);
    // on a busy machine that event may land a moment after stop() returns.
    await vi.waitFor(async () => expect((await b.health()).invalidation).toBe("inactive"), { timeout: SAFETY_NET_MS, interval: 20 });

    // Revocation: never a silent false; cached positives remain true.
    expect(await bounded(() => b.isRevoked("fine-before"))).toBe("unknown");
    expect(await bounded(() => b.isRevoked("never-seen"))).toBe("unknown");
    expect(await bounded(() => b.isRevoked("revoked-before"))).toBe(true);
    expect(errors).toContain("STORE_UNAVAILABLE");
    await expect(bounded(() => a.revoke("during", Date.now() + MINUTE).catch((error: unknown) => error))).resolves.toMatchObject({
      code: "STORE_UNAVAILABLE",
    });
    expect(await bounded(() => b.health())).toMatchObject({ status: "degraded", error: "STORE_UNAVAILABLE" });

    // Rate limits: answered by the in-memory insurance, which still enforces the limit.
    const duringOutage = [];
    for (let i = 0; i < 4; i++) duringOutage.push(await bounded(() => limits.consumeLogin({ ip: "ip", account })));
    expect(duringOutage.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(duringOutage[3]).toMatchObject({ ok: false, limiter: "login-account" });
    expect(await bounded(() => limits.checkRefresh({ ip: "ip", tokenKey: "t" }))).toEqual({ ok: true });
    await bounded(() => limits.recordRotation({ sessionId: "s", successorKey: "t2" }));
    await bounded(() => limits.resetLogin({ ip: "ip", account }));

    await server.restart();

    // Recovery: commands, the invalidation subscription and shared limits come back by themselves.
    await vi.waitFor(async () => expect(await b.health()).toMatchObject({ status: "ok", invalidation: "active" }), {
      timeout: 10_000,
      interval: 50,
    });
    await vi.waitFor(async () => expect((await a.health()).invalidation).toBe("active"), { timeout: 10_000, interval: 50 });
    expect(await b.isRevoked("fine-before")).toBe(false); // the restarted Redis is empty
    expect(await b.isRevoked("after")).toBe(false);
    // B cached "not revoked" for a minute above; seeing the revocation well before that proves the
    // restored subscription evicted it.
    await a.revoke("after", Date.now() + MINUTE);
    await vi.waitFor(async () => expect(await b.isRevoked("after")).toBe(true), { timeout: SAFETY_NET_MS, interval: 1 });

    const otherInstance = createRateLimits({ redis: storeA.client, config: { keyPrefix: "rl-after-restart" } });
    const sameConfig = createRateLimits({ redis: storeB.client, config: { keyPrefix: "rl-after-restart" } });
    for (let i = 0; i < 3; i++) await (i % 2 ? otherInstance : sameConfig).consumeLogin({ ip: "x", account });
    expect(await otherInstance.consumeLogin({ ip: "x", account })).toMatchObject({ ok: false, limiter: "login-account" });

    await Promise.all([a.close(), b.close()]);
    await Promise.all([storeA.close(), storeB.close()]);
  });

  it("boots while Redis is down without hanging, then starts using it once it is up", async () => {
    const later = await startRedisServer({ binary: redis.binary });
    await later.stop();
    try {
      const store = createRedisStore({ url: later.url });
      const list = createRevocationList({ store, cacheTtlMs: MINUTE });
      await bounded(() => list.ready());
      expect(await bounded(() => list.isRevoked("s"))).toBe("unknown");
      const limits = createRateLimits({ redis: store.client, config: { keyPrefix: "rl-boot" } });
      expect(await bounded(() => limits.checkRefresh({ ip: "ip", tokenKey: "t" }))).toEqual({ ok: true });

      await later.restart();
      await vi.waitFor(async () => expect(await list.health()).toMatchObject({ status: "ok", invalidation: "active" }), {
        timeout: 10_000,
        interval: 50,
      });
      await list.revoke("s", Date.now() + MINUTE);
      expect(await list.isRevoked("s")).toBe(true);
      await list.close();
      await store.close();
    } finally {
      await later.stop();
    }
  });

  it("bounds every call by the command timeout when Redis hangs instead of dying", async () => {
    const store = createRedisStore({ url: server.url, commandTimeoutMs: 300 });
    const list = createRevocationList({ store });
    const limits = createRateLimits({ redis: store.client, config: { keyPrefix: "rl-hang" } });
    await vi.waitFor(() => store.ping(), { timeout: SAFETY_NET_MS, interval: 20 }); // connected (no offline queue)
    server.pause();
    try {
      expect(await bounded(() => list.isRevoked("s"))).toBe("unknown");
      expect(await bounded(() => limits.consumeLogin({ ip: "ip", account: { tenantId: "t", email: "e" } }))).toEqual({
        ok: true,
      });
      expect(await bounded(() => list.health())).toMatchObject({ status: "degraded", error: "STORE_UNAVAILABLE" });
    } finally {
      server.resume();
    }
    await vi.waitFor(() => store.ping(), { timeout: SAFETY_NET_MS, interval: 50 });
    expect(await list.isRevoked("s")).toBe(false);
    await list.close();
    await store.close();
  });
});
