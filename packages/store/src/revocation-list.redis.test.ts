// Two app instances (two store connections) sharing one real Redis.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisStore, type RedisStore } from "./redis-store.ts";
import { createRevocationList, type RevocationList } from "./revocation-list.ts";
import { createFlakyStore, type FlakyStore } from "./testing/flaky-store.ts";
import { requireRedisServer } from "./testing/require-redis-server.ts";
import { startRedisServer, type RedisTestServer } from "./testing/start-redis-server.ts";

const redis = requireRedisServer("revocation-list.redis.test.ts");
const MINUTE = 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Polls (yielding to I/O between checks) until the list says revoked; returns the elapsed ms. */
async function untilRevoked(list: RevocationList, sid: string, startedAt: number, limitMs = 1000): Promise<number> {
  for (;;) {
    if ((await list.isRevoked(sid)) === true) return performance.now() - startedAt;
    if (performance.now() - startedAt > limitMs) throw new Error(`${sid} not seen as revoked within ${limitMs} ms`);
    await nextTurn();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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

  it("B honours a revocation made on A within 1 s, through pub/sub, with a long negative cache", async () => {
    // The negative cache would hide the revocation for a minute; only the invalidation can evict it.
    await twoInstances(MINUTE, "t1:");
    expect((await b.health()).invalidation).toBe("active");
    const delays: number[] = [];
    for (let i = 0; i < 25; i++) {
      const sid = `session-${i}`;
      expect(await b.isRevoked(sid)).toBe(false); // now cached as "not revoked" on B
      const getsBefore = countedB.calls.get;
      const startedAt = performance.now();
      await a.revoke(sid, Date.now() + 15 * MINUTE);
      delays.push(await untilRevoked(b, sid, startedAt));
      expect(countedB.calls.get).toBe(getsBefore); // B never asked Redis: the message did it
    }
    const sorted = [...delays].sort((x, y) => x - y);
    console.log(
      `[revocation pub/sub] revoke on A -> seen on B, ${delays.length} runs: ` +
        `median ${median(delays).toFixed(2)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(2)} ms, ` +
        `max ${sorted.at(-1)!.toFixed(2)} ms`,
    );
    expect(Math.max(...delays)).toBeLessThan(1000);
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
