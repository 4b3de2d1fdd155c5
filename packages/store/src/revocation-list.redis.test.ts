// Two app instances (two store connections) sharing one real Redis.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisStore, type RedisStore } from "./redis-store.ts";
import { createRevocationList, type RevocationList } from "./revocation-list.ts";
import { createFlakyStore, type FlakyStore } from "./testing/flaky-store.ts";
import { requireRedisServer } from "./testing/require-redis-server.ts";
import { startRedisServer, type RedisTestServer } from "./testing/start-redis-server.ts";
import { withinSafetyNet } from "./testing/within-safety-net.ts";

const redis = requireRedisServer("revocation-list.redis.test.ts");
const MINUTE = 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Polls (yielding to I/O between checks) until the list says revoked; fails only past the safety net. */
async function untilRevoked(list: RevocationList, sid: string): Promise<void> {
  await withinSafetyNet(async () => {
    while ((await list.isRevoked(sid)) !== true) await nextTurn();
  });
}

describe.skipIf(!redis.available)("revocation across two instances on one real Redis", () => {
  let server: RedisTestServer;
  let storeA: RedisStore;
  let storeB: RedisStore;
  let countedB: FlakyStore;
  let a: RevocationList;
  let b: RevocationList;

  beforeAll(async () => {
    server = await startRedisServer({ binary: redis.binary });
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([storeA?.close(), storeB?.close()]);
  });

  async function twoInstances(cacheTtlMs: number, keyPrefix: string) {
    storeA = createRedisStore({ url: server.url });
    storeB = createRedisStore({ url: server.url });
    countedB = createFlakyStore(storeB);
    a = createRevocationList({ store: storeA, cacheTtlMs, keyPrefix });
    b = createRevocationList({ store: countedB, cacheTtlMs, keyPrefix });
    await Promise.all([a.ready(), b.ready()]);
  }

  it("B honours a revocation made on A through pub/sub, despite a long negative cache", async () => {
    // The negative cache would hide the revocation for a minute; only the invalidation can evict it.
    await twoInstances(MINUTE, "t1:");
    expect((await b.health()).invalidation).toBe("active");
    for (let i = 0; i < 25; i++) {
      const sid = `session-${i}`;
      expect(await b.isRevoked(sid)).toBe(false); // now cached as "not revoked" on B
      const getsBefore = countedB.calls.get;
      await a.revoke(sid, Date.now() + 15 * MINUTE);
      // Seen long before the minute-long cache entry would expire: only the message can have evicted it.
      await untilRevoked(b, sid);
      expect(countedB.calls.get).toBe(getsBefore); // B never asked Redis: the message did it
    }
  });

  it("without cache, B sees the revocation on its very next check", async () => {
    await twoInstances(0, "t2:");
    expect(await b.isRevoked("s")).toBe(false);
    await a.revoke("s", Date.now() + MINUTE);
    expect(await b.isRevoked("s")).toBe(true);
    expect(countedB.calls.get).toBe(2);
  });

  it("expires the key when the last access token would have expired", async () => {
    await twoInstances(0, "t3:");
    await a.revoke("s", Date.now() + 1500);
    const pttl = await storeA.client.pttl("t3:s");
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1500);
  });
});
