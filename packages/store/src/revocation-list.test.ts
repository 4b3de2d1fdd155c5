import { describe, expect, it } from "vitest";
import type { StoreError } from "./errors.ts";
import { createMemoryStore } from "./memory-store.ts";
import { createRevocationList } from "./revocation-list.ts";
import { createFlakyStore } from "./testing/flaky-store.ts";
import { createManualClock } from "./testing/manual-clock.ts";

const MINUTE = 60_000;

function setup(options: { cacheTtlMs?: number } = {}) {
  const clock = createManualClock();
  const store = createFlakyStore(createMemoryStore({ clock }));
  const errors: StoreError[] = [];
  const list = createRevocationList({ store, clock, onError: (error) => errors.push(error), ...options });
  return { clock, store, list, errors };
}

describe("createRevocationList", () => {
  it("answers revoked until the session's last access token expires", async () => {
    const { clock, list } = setup();
    await list.revoke("s1", clock.now() + 15 * MINUTE);
    expect(await list.isRevoked("s1")).toBe(true);
    expect(await list.isRevoked("s2")).toBe(false);
    clock.advance(15 * MINUTE - 1);
    expect(await list.isRevoked("s1")).toBe(true);
    clock.advance(1);
    expect(await list.isRevoked("s1")).toBe(false);
  });

  it("stores the key with TTL = until - now, and ignores revocations already expired", async () => {
    const { clock, store, list } = setup();
    await list.revoke("past", clock.now());
    expect(store.calls.set).toBe(0);
    await list.revoke("s1", clock.now() + 1000);
    clock.advance(1000);
    expect(await store.get("rotor:revoked:s1")).toBeNull();
  });

  it("remembers a live session's binding in the same key, and a fill never overwrites a revocation", async () => {
    const { clock, store, list } = setup();
    expect(await list.lookup("s1")).toEqual({ revoked: false, binding: null });
    await list.rememberBinding("s1", "u:t:USER", 15 * MINUTE);
    expect(await list.lookup("s1")).toEqual({ revoked: false, binding: "u:t:USER" });
    expect(await list.isRevoked("s1")).toBe(false);
    await list.rememberBinding("s1", "u:t:ADMIN", 15 * MINUTE);
    expect(await list.lookup("s1")).toEqual({ revoked: false, binding: "u:t:USER" });
    // A revocation replaces the binding; a late fill (read from the database before the revocation) loses.
    await list.revoke("s1", clock.now() + 15 * MINUTE);
    await list.rememberBinding("s1", "u:t:USER", 15 * MINUTE);
    expect(await list.lookup("s1")).toEqual({ revoked: true });
    const gets = store.calls.get;
    await list.lookup("s1");
    expect(store.calls.get).toBe(gets + 1);
    clock.advance(15 * MINUTE);
    expect(await list.lookup("s1")).toEqual({ revoked: false, binding: null });
  });

  it("makes exactly one store round trip per check without cache", async () => {
    const { store, list } = setup();
    await list.isRevoked("a");
    await list.isRevoked("a");
    expect(store.calls.get).toBe(2);
  });

  it("answers 'unknown' (never false) when the store is down, and reports the error", async () => {
    const { clock, store, list, errors } = setup();
    store.down = true;
    expect(await list.isRevoked("s1")).toBe("unknown");
    expect(errors.map((error) => error.code)).toEqual(["STORE_UNAVAILABLE"]);
    await expect(list.revoke("s1", clock.now() + MINUTE)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });

  it("reports health", async () => {
    const { store, list } = setup({ cacheTtlMs: 1000 });
    await list.ready();
    expect(await list.health()).toMatchObject({ status: "ok", invalidation: "active" });
    store.down = true;
    expect(await list.health()).toMatchObject({ status: "degraded", error: "STORE_UNAVAILABLE" });
    const health = await list.health();
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("names the invalid option", () => {
    const store = createMemoryStore();
    expect(() => createRevocationList({ store, cacheTtlMs: -1 })).toThrow(/"cacheTtlMs"/);
    expect(() => createRevocationList({ store, keyPrefix: "" })).toThrow(/"keyPrefix"/);
  });

  it("rejects calls after close", async () => {
    const { list } = setup({ cacheTtlMs: 1000 });
    await list.close();
    await expect(list.isRevoked("s")).rejects.toMatchObject({ code: "STORE_CLOSED" });
  });
});

describe("createRevocationList with cache", () => {
  it("serves repeated checks from cache: negatives for cacheTtlMs, positives until expiry", async () => {
    const { clock, store, list } = setup({ cacheTtlMs: 2000 });
    await list.ready();
    expect(await list.isRevoked("no")).toBe(false);
    expect(await list.isRevoked("no")).toBe(false);
    expect(store.calls.get).toBe(1);
    clock.advance(2000);
    expect(await list.isRevoked("no")).toBe(false);
    expect(store.calls.get).toBe(2);

    await list.revoke("yes", clock.now() + 10 * MINUTE);
    expect(await list.isRevoked("yes")).toBe(true);
    clock.advance(9 * MINUTE);
    expect(await list.isRevoked("yes")).toBe(true);
    expect(store.calls.get).toBe(2);
    clock.advance(MINUTE);
    expect(await list.isRevoked("yes")).toBe(false);
  });

  it("evicts another instance's cached 'not revoked' as soon as the invalidation arrives", async () => {
    const clock = createManualClock();
    const shared = createMemoryStore({ clock });
    const a = createRevocationList({ store: shared, clock, cacheTtlMs: MINUTE });
    const b = createRevocationList({ store: shared, clock, cacheTtlMs: MINUTE });
    await Promise.all([a.ready(), b.ready()]);
    expect(await b.isRevoked("s1")).toBe(false);
    await a.revoke("s1", clock.now() + MINUTE);
    await Promise.resolve(); // the memory store delivers on the next microtask
    expect(await b.isRevoked("s1")).toBe(true);
  });

  it("still answers cached revocations while the store is down", async () => {
    const { clock, store, list } = setup({ cacheTtlMs: 1000 });
    await list.ready();
    await list.revoke("s1", clock.now() + MINUTE);
    store.down = true;
    expect(await list.isRevoked("s1")).toBe(true);
    expect(await list.isRevoked("s2")).toBe("unknown");
  });

  it("stops trusting cached negatives while invalidations cannot arrive", async () => {
    const { store, list } = setup({ cacheTtlMs: MINUTE });
    await list.ready();
    expect(await list.isRevoked("s1")).toBe(false);
    store.interruptSubscriptions();
    expect(await list.isRevoked("s1")).toBe(false);
    expect(await list.isRevoked("s1")).toBe(false);
    expect(store.calls.get).toBe(3); // no caching while interrupted
    expect((await list.health()).invalidation).toBe("inactive");
    store.resumeSubscriptions();
    await list.isRevoked("s1");
    await list.isRevoked("s1");
    expect(store.calls.get).toBe(4);
  });

  it("does not cache a 'not revoked' read that raced with an invalidation", async () => {
    const clock = createManualClock();
    const shared = createMemoryStore({ clock });
    const store = createFlakyStore(shared);
    const reader = createRevocationList({ store, clock, cacheTtlMs: MINUTE });
    const writer = createRevocationList({ store: shared, clock });
    const writerListening = createRevocationList({ store: shared, clock, cacheTtlMs: MINUTE });
    await Promise.all([reader.ready(), writerListening.ready()]);

    const release = store.holdNextGet();
    const pending = reader.isRevoked("s1"); // reads "absent", then is held back
    await writer.revoke("s1", clock.now() + MINUTE); // writer without cache still publishes
    await Promise.resolve();
    release();
    expect(await pending).toBe(false); // the read predates the revocation
    expect(await reader.isRevoked("s1")).toBe(true);
  });
});
