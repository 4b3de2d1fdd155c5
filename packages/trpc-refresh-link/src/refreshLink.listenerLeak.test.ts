// Regression (hole 2): every client subscribed to a shared coordinator and dropped the unsubscribe
// function, so 10,000 discarded clients left 10,000 listeners and one broadcast ran 10,000 store
// reads. Now one subscription per store and coordinator, released by dispose(), and a store nobody
// holds any more is unsubscribed on the next broadcast.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink, flush } from "./testing/fakes.ts";
import type { RefreshCoordinator, TokenPair } from "./types.ts";

function countingCoordinator() {
  const listeners = new Set<(pair: TokenPair) => void>();
  const coordinator: RefreshCoordinator = {
    withLock: (fn) => fn(),
    publish: () => undefined,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const broadcast = (pair: TokenPair) => {
    for (const listener of [...listeners]) listener(pair);
  };
  return { coordinator, listeners, broadcast };
}

const refresh = async () => new FakeAuthServer().issue();

describe("refreshLink: coordinator listeners", () => {
  it("10,000 clients over one store and one coordinator hold one listener; a broadcast reads the store once", async () => {
    const { coordinator, listeners, broadcast } = countingCoordinator();
    const server = new FakeAuthServer();
    const store = memoryTokenStore(server.issue());
    const get = vi.spyOn(store, "get");
    const fake = fakeLink({ decide: () => null });
    for (let i = 0; i < 10_000; i++) client([refreshLink({ store, refresh, crossTab: coordinator }), fake.link]);
    expect(listeners.size).toBe(1);
    get.mockClear();
    broadcast(server.issue());
    await flush();
    expect(get).toHaveBeenCalledTimes(1);
  });

  it("subscribes at first use and dispose() (or Symbol.dispose) releases the subscription", () => {
    const { coordinator, listeners } = countingCoordinator();
    const store = memoryTokenStore(new FakeAuthServer().issue());
    const fake = fakeLink({ decide: () => null });
    const a = refreshLink({ store, refresh, crossTab: coordinator });
    const b = refreshLink({ store, refresh, crossTab: coordinator });
    expect(listeners.size).toBe(0); // no client yet
    client([a, fake.link]);
    client([b, fake.link]);
    expect(listeners.size).toBe(1);
    a.dispose();
    expect(listeners.size).toBe(1); // b still uses it
    (b as unknown as Record<symbol, () => void>)[Symbol.dispose]!();
    expect(listeners.size).toBe(0);
    b.dispose(); // idempotent
    expect(listeners.size).toBe(0);
  });

  it("clients discarded without dispose(), each with its own store, leave no listener behind", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const { coordinator, listeners, broadcast } = countingCoordinator();
    const server = new FakeAuthServer();
    const fake = fakeLink({ decide: () => null });
    (() => {
      for (let i = 0; i < 1_000; i++) {
        client([refreshLink({ store: memoryTokenStore(server.issue()), refresh, crossTab: coordinator }), fake.link]);
      }
    })();
    expect(listeners.size).toBe(1_000);
    // Collection is the engine's decision: give it rounds until every store is gone. V8 may keep the very
    // last object alive a little longer (a register, an inline cache), so one straggler is tolerated; the
    // leak this guards against kept all 1,000.
    for (let i = 0; i < 50 && listeners.size > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gc();
      broadcast(server.issue());
    }
    expect(listeners.size).toBeLessThanOrEqual(1);
  });
});
