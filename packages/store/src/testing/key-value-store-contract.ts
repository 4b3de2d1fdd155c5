// The behaviour every KeyValueStore must have; run against each implementation with its own
// harness. `elapse` moves that implementation's notion of time (manual clock, or Redis TTLs).
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KeyValueStore, SubscriptionListener } from "../key-value-store.ts";

export interface StoreHarness {
  store: KeyValueStore;
  /** Lets `ms` milliseconds pass for key expiry. */
  elapse(ms: number): Promise<void>;
}

/** Collects messages and resolves once `count` arrived (bounded, never a fixed sleep). */
export function messageCollector(): SubscriptionListener & { messages: string[]; received(count: number): Promise<string[]> } {
  const messages: string[] = [];
  const waiters: Array<() => void> = [];
  return {
    messages,
    onMessage(message) {
      messages.push(message);
      for (const wake of waiters.splice(0)) wake();
    },
    async received(count) {
      const deadline = Date.now() + 2000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return messages;
    },
  };
}

export function describeKeyValueStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: KeyValueStore;
    const key = (label: string) => `contract:${randomUUID()}:${label}`;

    beforeEach(async () => {
      harness = await createHarness();
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
    });

    it("returns null for a missing key", async () => {
      expect(await store.get(key("missing"))).toBeNull();
    });

    it("stores and overwrites values, unicode included", async () => {
      const k = key("value");
      await store.set(k, "first", { ttlMs: 60_000 });
      expect(await store.get(k)).toBe("first");
      await store.set(k, "zweite ✓ 🔑", { ttlMs: 60_000 });
      expect(await store.get(k)).toBe("zweite ✓ 🔑");
    });

    it("expires a key once its TTL (in milliseconds) has passed", async () => {
      const k = key("ttl");
      await store.set(k, "v", { ttlMs: 10_000 });
      await harness.elapse(9_000);
      expect(await store.get(k)).toBe("v");
      await harness.elapse(1_500);
      expect(await store.get(k)).toBeNull();
    });

    it("restarts the TTL when a key is set again", async () => {
      const k = key("ttl-reset");
      await store.set(k, "v1", { ttlMs: 10_000 });
      await harness.elapse(8_000);
      await store.set(k, "v2", { ttlMs: 10_000 });
      await harness.elapse(8_000);
      expect(await store.get(k)).toBe("v2");
    });

    it("writes with ifAbsent only when the key is missing or expired", async () => {
      const k = key("if-absent");
      await store.set(k, "first", { ttlMs: 10_000, ifAbsent: true });
      await store.set(k, "second", { ttlMs: 10_000, ifAbsent: true });
      expect(await store.get(k)).toBe("first");
      await harness.elapse(10_500);
      await store.set(k, "third", { ttlMs: 10_000, ifAbsent: true });
      expect(await store.get(k)).toBe("third");
    });

    it("rejects TTLs that are not positive finite numbers", async () => {
      for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.set(key("bad-ttl"), "v", { ttlMs })).rejects.toMatchObject({
          code: "STORE_INVALID_ARGUMENT",
        });
      }
    });

    it("deletes keys, and deleting a missing key is fine", async () => {
      const k = key("del");
      await store.set(k, "v", { ttlMs: 60_000 });
      await store.del(k);
      expect(await store.get(k)).toBeNull();
      await expect(store.del(key("never-set"))).resolves.toBeUndefined();
    });

    it("delivers published messages in order to every subscriber of the channel only", async () => {
      const channel = key("channel");
      const first = messageCollector();
      const second = messageCollector();
      const other = messageCollector();
      const subscription = await store.subscribe(channel, first);
      await store.subscribe(channel, second);
      await store.subscribe(key("other-channel"), other);
      expect(subscription.active).toBe(true);

      await store.publish(channel, "a");
      await store.publish(channel, "b");
      expect(await first.received(2)).toEqual(["a", "b"]);
      expect(await second.received(2)).toEqual(["a", "b"]);
      expect(other.messages).toEqual([]);
    });

    it("stops delivering after unsubscribe", async () => {
      const channel = key("unsubscribe");
      const leaving = messageCollector();
      const staying = messageCollector();
      const subscription = await store.subscribe(channel, leaving);
      await store.subscribe(channel, staying);
      await subscription.unsubscribe();
      expect(subscription.active).toBe(false);

      await store.publish(channel, "after");
      await staying.received(1);
      expect(leaving.messages).toEqual([]);
    });

    it("publishes to a channel nobody listens on", async () => {
      await expect(store.publish(key("nobody"), "m")).resolves.toBeUndefined();
    });

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("rejects every call with STORE_CLOSED after close, and close is idempotent", async () => {
      const subscription = await store.subscribe(key("closing"), messageCollector());
      await store.close();
      await store.close();
      expect(subscription.active).toBe(false);
      const closed = { code: "STORE_CLOSED" };
      await expect(store.get(key("x"))).rejects.toMatchObject(closed);
      await expect(store.set(key("x"), "v", { ttlMs: 1000 })).rejects.toMatchObject(closed);
      await expect(store.del(key("x"))).rejects.toMatchObject(closed);
      await expect(store.publish(key("x"), "m")).rejects.toMatchObject(closed);
      await expect(store.subscribe(key("x"), messageCollector())).rejects.toMatchObject(closed);
      await expect(store.ping()).rejects.toMatchObject(closed);
    });
  });
}
