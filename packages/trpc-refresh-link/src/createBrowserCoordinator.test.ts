import { afterEach, describe, expect, it, vi } from "vitest";
import { createBrowserCoordinator, type BrowserCoordinator, type LockManagerLike } from "./createBrowserCoordinator.ts";
import { RefreshFailedError } from "./errors.ts";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { storageTokenStore } from "./stores/storageTokenStore.ts";
import { FakeAuthServer, client, deferred, fakeLink, flush } from "./testing/fakes.ts";
import type { TokenPair } from "./types.ts";

/** An exclusive, FIFO `navigator.locks` stand-in shared by the "tabs" of a test. */
function fakeLocks() {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  const locks: LockManagerLike & { grants: number } = {
    grants: 0,
    request<T>(name: string, options: { signal?: AbortSignal; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
      // Like navigator.locks: with ifAvailable, a held lock calls back at once with null.
      if (options.ifAvailable && held.has(name)) return callback(null);
      return new Promise<T>((resolve, reject) => {
        const run = () => {
          held.add(name);
          locks.grants++;
          void callback({ name })
            .then(resolve, reject)
            .finally(() => {
              held.delete(name);
              waiting.get(name)?.shift()?.();
            });
        };
        if (!held.has(name)) return run();
        const queue = waiting.get(name) ?? [];
        waiting.set(name, queue);
        queue.push(run);
        options.signal?.addEventListener("abort", () => {
          const i = queue.indexOf(run);
          if (i >= 0) queue.splice(i, 1);
          reject(new DOMException("The lock request was aborted.", "AbortError"));
        });
      });
    },
  };
  return locks;
}

function fakeStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const opened: BrowserCoordinator[] = [];
function coordinator(options: Parameters<typeof createBrowserCoordinator>[0]) {
  const c = createBrowserCoordinator(options);
  opened.push(c);
  return c;
}
let channelSeq = 0;
const uniqueChannel = () => `rotor-test-${process.pid}-${++channelSeq}`;

afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  vi.useRealTimers();
});

describe("createBrowserCoordinator", () => {
  it("runs one holder of the lock at a time, across coordinators", async () => {
    const locks = fakeLocks();
    const a = coordinator({ locks, createChannel: null });
    const b = coordinator({ locks, createChannel: null });
    const order: string[] = [];
    const gate = deferred();
    const first = a.withLock(async () => {
      order.push("a:start");
      await gate.promise;
      order.push("a:end");
      return "a";
    });
    const second = b.withLock(async () => {
      order.push("b:start");
      return "b";
    });
    await flush();
    expect(order).toEqual(["a:start"]);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual(["a", "b"]);
    expect(order).toEqual(["a:start", "a:end", "b:start"]);
  });

  it("gives up waiting after acquireTimeoutMs with LOCK_TIMEOUT and leaves no timer", async () => {
    vi.useFakeTimers();
    const locks = fakeLocks();
    const a = coordinator({ locks, createChannel: null, acquireTimeoutMs: 5_000 });
    const never = deferred();
    void a.withLock(() => never.promise);
    const waiting = a.withLock(async () => "unreachable").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await waiting;
    expect(error).toBeInstanceOf(RefreshFailedError);
    expect(error).toMatchObject({ reason: "LOCK_TIMEOUT", sessionEnded: false });
    expect(vi.getTimerCount()).toBe(0);
    never.resolve();
    await flush();
    expect(await a.withLock(async () => "again")).toBe("again");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("without Web Locks, runs the function directly (per-client single flight only)", async () => {
    const c = coordinator({ locks: null, createChannel: null });
    expect(await c.withLock(async () => 42)).toBe(42);
  });

  it("rejects a bad acquireTimeoutMs, naming the option", () => {
    expect(() => createBrowserCoordinator({ acquireTimeoutMs: 0, locks: null, createChannel: null })).toThrow(
      /acquireTimeoutMs/,
    );
  });

  it("broadcasts the pair itself (Dates intact) to the other tabs, not to itself", async () => {
    const channelName = uniqueChannel();
    const a = coordinator({ channelName, locks: null });
    const b = coordinator({ channelName, locks: null });
    const pair = new FakeAuthServer().issue();
    const received = deferred<TokenPair>();
    const self = vi.fn();
    a.subscribe(self);
    b.subscribe((p) => received.resolve(p));
    a.publish(pair);
    const got = await received.promise;
    expect(got).toEqual(pair);
    expect(got.accessTokenExpiresAt).toBeInstanceOf(Date);
    expect(self).not.toHaveBeenCalled();
  });

  it("ignores foreign messages on the channel", async () => {
    const channelName = uniqueChannel();
    const b = coordinator({ channelName, locks: null });
    const listener = vi.fn();
    b.subscribe(listener);
    const raw = new BroadcastChannel(channelName);
    raw.postMessage({ type: "something-else" });
    raw.postMessage({ type: "rotor.token-pair", pair: { accessToken: 1 } });
    const pair = new FakeAuthServer().issue();
    const got = deferred<TokenPair>();
    listener.mockImplementation((p: TokenPair) => got.resolve(p));
    raw.postMessage({ type: "rotor.token-pair", pair });
    await got.promise;
    raw.close();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("refreshLink across tabs", () => {
  it("shared storage: tabs expiring together refresh once; the other tab re-reads the store inside the lock", async () => {
    const server = new FakeAuthServer();
    const storage = fakeStorage();
    const initial = server.issue();
    storageTokenStore(storage).set(initial);
    server.expire(initial.accessToken);
    const refresh = vi.fn(async (_: TokenPair) => server.issue());
    const locks = fakeLocks();
    const fake = fakeLink({ decide: (t) => server.check(t) });
    const tab = () => {
      const crossTab = coordinator({ locks, channelName: uniqueChannel() });
      return client([refreshLink({ store: storageTokenStore(storage), refresh, crossTab }), fake.link]);
    };
    const [tabA, tabB] = [tab(), tab()];
    const results = await Promise.all([tabA.query("a"), tabB.query("b"), tabA.query("c"), tabB.query("d")]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(locks.grants).toBe(2); // each tab took the lock once; B found the new pair and skipped the network
    const fresh = storageTokenStore(storage).get() as TokenPair;
    expect(results.every((r) => (r as { token: string }).token === fresh.accessToken)).toBe(true);
  });

  it("per-tab storage: the refreshing tab broadcasts the pair and the other tab adopts it", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const channelName = uniqueChannel();
    const locks = fakeLocks();
    const refreshA = vi.fn(async (_: TokenPair) => server.issue());
    const refreshB = vi.fn(async (_: TokenPair) => server.issue());
    const onRefreshedA = vi.fn();
    const storeA = memoryTokenStore(initial);
    const storeB = memoryTokenStore(initial);
    const fake = fakeLink({ decide: (t) => server.check(t) });
    const tabA = client([
      refreshLink({ store: storeA, refresh: refreshA, onRefreshed: onRefreshedA, crossTab: coordinator({ locks, channelName }) }),
      fake.link,
    ]);
    const tabB = client([
      refreshLink({ store: storeB, refresh: refreshB, crossTab: coordinator({ locks, channelName }) }),
      fake.link,
    ]);
    await tabA.query("a");
    const fresh = storeA.get() as TokenPair;
    expect(onRefreshedA).toHaveBeenCalledWith(fresh);
    await vi.waitFor(() => expect(storeB.get()).toEqual(fresh));
    await expect(tabB.query("b")).resolves.toEqual({ path: "b", token: fresh.accessToken });
    expect(refreshB).not.toHaveBeenCalled();
  });

  it("a lock timeout fails the waiting calls without ending the session", async () => {
    vi.useFakeTimers();
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const locks = fakeLocks();
    const stuck = deferred();
    void locks.request("rotor.auth.refresh", {}, () => stuck.promise); // another tab, hung
    const store = memoryTokenStore(initial);
    const onRefreshFailed = vi.fn();
    const trpc = client([
      refreshLink({
        store,
        refresh: async () => server.issue(),
        onRefreshFailed,
        crossTab: coordinator({ locks, createChannel: null, acquireTimeoutMs: 1_000 }),
      }),
      fakeLink({ decide: (t) => server.check(t) }).link,
    ]);
    const call = trpc.query("a").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await call).toMatchObject({ code: "REFRESH_FAILED", reason: "LOCK_TIMEOUT" });
    expect(onRefreshFailed).not.toHaveBeenCalled();
    expect(store.get()).toBe(initial);
    expect(vi.getTimerCount()).toBe(0);
    stuck.resolve();
  });
});
