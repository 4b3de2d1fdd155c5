import { describe, expect, it } from "vitest";
import { createMemoryStore } from "./memory-store.ts";
import { describeKeyValueStoreContract, messageCollector } from "./testing/key-value-store-contract.ts";
import { createManualClock } from "./testing/manual-clock.ts";

describeKeyValueStoreContract("memory", async () => {
  const clock = createManualClock();
  return {
    store: createMemoryStore({ clock }),
    elapse: async (ms) => clock.advance(ms),
  };
});

describe("createMemoryStore", () => {
  it("expires exactly at the TTL of the injected clock", async () => {
    const clock = createManualClock();
    const store = createMemoryStore({ clock });
    await store.set("k", "v", { ttlMs: 1000 });
    clock.advance(999);
    expect(await store.get("k")).toBe("v");
    clock.advance(1);
    expect(await store.get("k")).toBeNull();
  });

  it("rounds fractional TTLs up", async () => {
    const clock = createManualClock();
    const store = createMemoryStore({ clock });
    await store.set("k", "v", { ttlMs: 0.2 });
    expect(await store.get("k")).toBe("v");
    clock.advance(1);
    expect(await store.get("k")).toBeNull();
  });

  it("keeps delivering when one subscriber throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const store = createMemoryStore({ onError: (error) => errors.push(error) });
    const healthy = messageCollector();
    await store.subscribe("c", {
      onMessage() {
        throw new Error("listener bug");
      },
    });
    await store.subscribe("c", healthy);
    await store.publish("c", "m");
    await healthy.received(1);
    expect(errors).toHaveLength(1);
  });
});
