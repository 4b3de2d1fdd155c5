import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisStore, type RedisStore } from "./redis-store.ts";
import { elapseRedisTtls } from "./testing/elapse-redis-ttls.ts";
import { describeKeyValueStoreContract, messageCollector } from "./testing/key-value-store-contract.ts";
import { requireRedisServer } from "./testing/require-redis-server.ts";
import { startRedisServer, type RedisTestServer } from "./testing/start-redis-server.ts";
import { SAFETY_NET_MS, withinSafetyNet } from "./testing/within-safety-net.ts";

const redis = requireRedisServer("redis-store.test.ts");

/** Settles `work` (a hang past the safety net fails the test); "fails fast" means it settles at all. */
async function settle(work: () => Promise<unknown>): Promise<PromiseSettledResult<unknown>> {
  const [outcome] = await Promise.allSettled([withinSafetyNet(work)]);
  return outcome;
}

describe.skipIf(!redis.available)("createRedisStore against a real redis-server", () => {
  let server: RedisTestServer;
  let admin: Redis;

  beforeAll(async () => {
    server = await startRedisServer({ binary: redis.binary });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  describeKeyValueStoreContract("redis", async () => ({
    store: createRedisStore({ url: server.url }),
    elapse: (ms) => elapseRedisTtls(admin, ms),
  }));

  it("stores TTLs in milliseconds (PX)", async () => {
    const store = createRedisStore({ url: server.url });
    await store.set("ttl:px", "v", { ttlMs: 1500 });
    const pttl = await admin.pttl("ttl:px");
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1500);
    await store.close();
  });

  it("uses a caller-owned client without closing it", async () => {
    const client = new Redis(server.url, { enableOfflineQueue: false, commandTimeout: 500 });
    await new Promise((resolve) => client.once("ready", resolve));
    const store = createRedisStore({ client });
    expect(store.client).toBe(client);
    await store.set("owned", "v", { ttlMs: 60_000 });
    const listener = messageCollector();
    await store.subscribe("owned-channel", listener);
    await store.publish("owned-channel", "m");
    await listener.received(1);
    await store.close();
    expect(client.status).toBe("ready");
    expect(await client.get("owned")).toBe("v");
    client.disconnect();
  });

  it("rejects invalid options naming the option", () => {
    expect(() => createRedisStore({})).toThrow(/exactly one of "url" or "client"/);
    expect(() => createRedisStore({ url: "http://x" })).toThrow(/"url"/);
    expect(() => createRedisStore({ url: server.url, commandTimeoutMs: 0 })).toThrow(/"commandTimeoutMs"/);
  });
});

describe.skipIf(!redis.available)("createRedisStore when Redis goes away", () => {
  let server: RedisTestServer;

  beforeAll(async () => {
    server = await startRedisServer({ binary: redis.binary });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("fails fast with STORE_UNAVAILABLE when nothing listens", async () => {
    const unreachable = await startRedisServer({ binary: redis.binary });
    await unreachable.stop();
    const store = createRedisStore({ url: unreachable.url });
    const outcome = await settle(() => store.get("k"));
    expect(outcome.status).toBe("rejected");
    expect(outcome.status === "rejected" && outcome.reason).toMatchObject({ code: "STORE_UNAVAILABLE" });
    await store.close();
  });

  it("fails fast while stopped, interrupts subscriptions, and recovers after a restart", async () => {
    const store: RedisStore = createRedisStore({ url: server.url });
    let interruptions = 0;
    const listener = messageCollector();
    const subscription = await store.subscribe("outage", {
      onMessage: (message) => listener.onMessage(message),
      onInterrupted: () => interruptions++,
    });
    expect(subscription.active).toBe(true);
    await store.set("before", "v", { ttlMs: 60_000 });

    await server.stop();
    await vi.waitFor(() => expect(subscription.active).toBe(false), { timeout: SAFETY_NET_MS, interval: 20 });
    expect(interruptions).toBe(1);

    for (const operation of [
      () => store.get("before"),
      () => store.set("k", "v", { ttlMs: 1000 }),
      () => store.del("k"),
      () => store.publish("outage", "lost"),
      () => store.ping(),
    ]) {
      const outcome = await settle(operation);
      expect(outcome.status === "rejected" && outcome.reason).toMatchObject({ code: "STORE_UNAVAILABLE" });
    }

    await server.restart();
    await vi.waitFor(() => store.ping(), { timeout: 10_000, interval: 50 });
    await vi.waitFor(() => expect(subscription.active).toBe(true), { timeout: 10_000, interval: 20 });
    // No persistence: the restarted server starts empty, like a crashed cache.
    expect(await store.get("before")).toBeNull();
    await store.publish("outage", "after-restart");
    expect(await listener.received(1)).toEqual(["after-restart"]);
    await store.close();
  });
});
