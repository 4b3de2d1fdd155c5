// Regression (hole 1): a refresh that never settles used to hang every waiting call and every later
// call for good. Now it times out (REFRESH_TIMEOUT, transient), the stuck refresh is cleared, and the
// next call refreshes anew.
import { afterEach, describe, expect, it, vi } from "vitest";
import { RefreshFailedError } from "./errors.ts";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink, flush } from "./testing/fakes.ts";
import type { TokenPair } from "./types.ts";

afterEach(() => {
  vi.useRealTimers();
});

function setup(refreshTimeoutMs?: number) {
  vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
  const server = new FakeAuthServer();
  const initial = server.issue();
  server.expire(initial.accessToken);
  const store = memoryTokenStore(initial);
  const signals: AbortSignal[] = [];
  let hang = true;
  const refresh = vi.fn((_current: TokenPair, { signal }: { signal: AbortSignal }) => {
    signals.push(signal);
    return hang ? new Promise<TokenPair>(() => undefined) : Promise.resolve(server.issue());
  });
  const onRefreshFailed = vi.fn();
  const fake = fakeLink({ decide: (token) => server.check(token) });
  const trpc = client([refreshLink({ store, refresh, onRefreshFailed, refreshTimeoutMs }), fake.link]);
  return { server, initial, store, refresh, onRefreshFailed, trpc, signals, recover: () => (hang = false) };
}

describe("refreshLink: a hung refresh", () => {
  it("fails the waiters with REFRESH_TIMEOUT after 15 s by default, keeps the session, aborts the refresh", async () => {
    const { trpc, store, initial, onRefreshFailed, signals } = setup();
    const calls = Array.from({ length: 5 }, (_, i) => trpc.query(`q${i}`).catch((e: unknown) => e));
    await flush();
    await vi.advanceTimersByTimeAsync(14_999);
    let settled = false;
    void Promise.all(calls).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const errors = await Promise.all(calls);
    for (const error of errors) {
      expect(error).toBeInstanceOf(RefreshFailedError);
      expect(error).toMatchObject({ reason: "REFRESH_TIMEOUT", sessionEnded: false });
    }
    expect(new Set(errors).size).toBe(1);
    expect(store.get()).toBe(initial);
    expect(onRefreshFailed).not.toHaveBeenCalled();
    expect(signals[0]?.aborted).toBe(true);
  });

  it("clears the stuck refresh: once the server recovers, the next call refreshes and succeeds", async () => {
    const { trpc, refresh, store, recover } = setup(1_000);
    const first = trpc.query("first").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(first).resolves.toMatchObject({ reason: "REFRESH_TIMEOUT" });
    recover();
    const result = (await trpc.query("second")) as { token: string };
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(result.token).toBe(store.get()?.accessToken);
  });

  it("keeps a pair that arrives after the time-out when nothing newer was stored", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const store = memoryTokenStore(initial);
    let deliver!: (pair: TokenPair) => void;
    const refresh = () => new Promise<TokenPair>((resolve) => (deliver = resolve));
    const fake = fakeLink({ decide: (token) => server.check(token) });
    const trpc = client([refreshLink({ store, refresh, refreshTimeoutMs: 1_000 }), fake.link]);
    const call = trpc.query("q").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call).resolves.toMatchObject({ reason: "REFRESH_TIMEOUT" });
    const late = server.issue();
    deliver(late);
    await flush();
    expect(store.get()?.accessToken).toBe(late.accessToken);
  });

  it("rejects an invalid refreshTimeoutMs, naming it", () => {
    const store = memoryTokenStore();
    const refresh = async () => new FakeAuthServer().issue();
    expect(() => refreshLink({ store, refresh, refreshTimeoutMs: 0 })).toThrow(/refreshTimeoutMs/);
    expect(() => refreshLink({ store, refresh, refreshTimeoutMs: Number.NaN })).toThrow(/refreshTimeoutMs/);
  });
});
