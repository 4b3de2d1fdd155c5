import { TRPCClientError } from "@trpc/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RefreshFailedError, RefreshRejectedError } from "./errors.ts";
import { refreshLink, type RefreshLinkOptions } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, deferred, fakeLink, flush } from "./testing/fakes.ts";
import type { AuthCode, TokenPair, TokenStore } from "./types.ts";

function setup(overrides: Partial<RefreshLinkOptions> & { store?: TokenStore } = {}) {
  const server = new FakeAuthServer();
  const initial = server.issue();
  const store = overrides.store ?? memoryTokenStore(initial);
  const refresh = vi.fn(async (_current: TokenPair) => server.issue());
  const onRefreshed = vi.fn();
  const onRefreshFailed = vi.fn();
  const fake = fakeLink({ decide: (token) => server.check(token) });
  const trpc = client([
    refreshLink({ store, refresh, onRefreshed, onRefreshFailed, ...overrides }),
    fake.link,
  ]);
  return { server, initial, store, refresh, onRefreshed, onRefreshFailed, fake, trpc };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("refreshLink", () => {
  it("attaches the stored access token to every attempt", async () => {
    const { trpc, fake, initial } = setup();
    await expect(trpc.query("a")).resolves.toEqual({ path: "a", token: initial.accessToken });
    expect(fake.attempts.map((a) => a.token)).toEqual([initial.accessToken]);
  });

  it("sends no Authorization header when signed out", async () => {
    const { trpc, fake } = setup({ store: memoryTokenStore(null) });
    await expect(trpc.query("a")).rejects.toMatchObject({ data: { authCode: "TOKEN_INVALID" } });
    expect(fake.attempts).toHaveLength(1);
    expect(fake.attempts[0]?.op.context.authorization).toBeUndefined();
  });

  it("refreshes on TOKEN_EXPIRED and retries with the new token, rebuilt for the retry", async () => {
    const { trpc, fake, server, initial, refresh, onRefreshed, store } = setup();
    server.expire(initial.accessToken);
    const result = (await trpc.query("a")) as { token: string };
    const fresh = (await store.get())!;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith(initial, { signal: expect.any(AbortSignal) as AbortSignal });
    expect(onRefreshed).toHaveBeenCalledWith(fresh);
    expect(result.token).toBe(fresh.accessToken);
    expect(fake.attempts.map((a) => a.token)).toEqual([initial.accessToken, fresh.accessToken]);
    expect(fake.attempts[1]?.op.context.authorization).toBe(`Bearer ${fresh.accessToken}`);
  });

  it("single flight: 1,000 concurrent expired calls cause exactly one refresh", async () => {
    const { trpc, fake, server, initial, refresh, store } = setup();
    server.expire(initial.accessToken);
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => trpc.query(`q${i}`)));
    const fresh = (await store.get())!;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(results.every((r) => (r as { token: string }).token === fresh.accessToken)).toBe(true);
    expect(fake.attempts).toHaveLength(2000);
  });

  it("calls started while a refresh runs wait for it and go out with the new token", async () => {
    const gate = deferred<TokenPair>();
    const { trpc, fake, server, initial, refresh } = setup();
    refresh.mockImplementationOnce(() => gate.promise);
    server.expire(initial.accessToken);
    const first = trpc.query("first");
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    const later = Array.from({ length: 10 }, () => trpc.query("later"));
    await flush();
    expect(fake.attempts).toHaveLength(1); // nobody else went out with the expired token
    const fresh = server.issue();
    gate.resolve(fresh);
    await Promise.all([first, ...later]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.attempts.slice(1).every((a) => a.token === fresh.accessToken)).toBe(true);
  });

  it("retries once: a second TOKEN_EXPIRED on the retry is final (two attempts, one refresh)", async () => {
    const server = new FakeAuthServer();
    const refresh = vi.fn(async () => server.issue());
    const fake = fakeLink({ decide: () => "TOKEN_EXPIRED" });
    const trpc = client([refreshLink({ store: memoryTokenStore(server.issue()), refresh }), fake.link]);
    await expect(trpc.query("a")).rejects.toMatchObject({ data: { authCode: "TOKEN_EXPIRED" } });
    expect(fake.attempts).toHaveLength(2);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it.each<AuthCode | "FORBIDDEN">(["TOKEN_INVALID", "INVALID_CREDENTIALS", "FORBIDDEN"])(
    "%s never triggers a refresh and leaves the store alone",
    async (code) => {
      const server = new FakeAuthServer();
      const initial = server.issue();
      const store = memoryTokenStore(initial);
      const refresh = vi.fn(async () => server.issue());
      const onRefreshFailed = vi.fn();
      const fake = fakeLink({ decide: () => code });
      const trpc = client([refreshLink({ store, refresh, onRefreshFailed }), fake.link]);
      await expect(trpc.query("a")).rejects.toBeInstanceOf(TRPCClientError);
      expect(refresh).not.toHaveBeenCalled();
      expect(onRefreshFailed).not.toHaveBeenCalled();
      expect(fake.attempts).toHaveLength(1);
      expect(store.get()).toBe(initial);
    },
  );

  it.each<AuthCode>([
    "SESSION_REVOKED",
    "SESSION_EXPIRED",
    "REFRESH_TOKEN_REUSED",
    "REFRESH_TOKEN_INVALID",
    "REFRESH_TOKEN_EXPIRED",
  ])("%s from a call ends the session once: store cleared, onRefreshFailed once, no refresh", async (code) => {
    const server = new FakeAuthServer();
    const store = memoryTokenStore(server.issue());
    const refresh = vi.fn(async () => server.issue());
    const onRefreshFailed = vi.fn();
    const fake = fakeLink({ decide: () => code });
    const trpc = client([refreshLink({ store, refresh, onRefreshFailed }), fake.link]);
    const errors = await Promise.all(Array.from({ length: 50 }, () => trpc.query("a").catch((e: unknown) => e)));
    await flush();
    for (const e of errors) expect(e).toMatchObject({ data: { authCode: code } });
    expect(refresh).not.toHaveBeenCalled();
    expect(onRefreshFailed).toHaveBeenCalledTimes(1);
    expect(onRefreshFailed).toHaveBeenCalledWith(code, expect.any(RefreshFailedError));
    expect(store.get()).toBeNull();
  });

  it("a rejected refresh rejects every waiter with one RefreshFailedError, clears the store, notifies once", async () => {
    const { trpc, server, initial, refresh, onRefreshFailed, onRefreshed, store } = setup();
    refresh.mockRejectedValue(new RefreshRejectedError("REFRESH_TOKEN_REUSED"));
    server.expire(initial.accessToken);
    const errors = await Promise.all(Array.from({ length: 100 }, (_, i) => trpc.query(`q${i}`).catch((e: unknown) => e)));
    expect(refresh).toHaveBeenCalledTimes(1);
    const [first] = errors;
    expect(first).toBeInstanceOf(RefreshFailedError);
    expect(first).toBeInstanceOf(TRPCClientError);
    expect(first).toMatchObject({
      code: "REFRESH_FAILED",
      reason: "REFRESH_TOKEN_REUSED",
      sessionEnded: true,
      data: { code: "UNAUTHORIZED", authCode: "REFRESH_TOKEN_REUSED" },
    });
    expect(errors.every((e) => e === first)).toBe(true);
    expect(onRefreshFailed).toHaveBeenCalledTimes(1);
    expect(onRefreshFailed).toHaveBeenCalledWith("REFRESH_TOKEN_REUSED", first);
    expect(onRefreshed).not.toHaveBeenCalled();
    expect(await store.get()).toBeNull();
  });

  it("a TRPCClientError with an authCode thrown by refresh counts as a rejection", async () => {
    const { trpc, server, initial, refresh, onRefreshFailed } = setup();
    const { authError } = await import("./testing/fakes.ts");
    refresh.mockRejectedValue(authError("SESSION_REVOKED"));
    server.expire(initial.accessToken);
    await expect(trpc.query("a")).rejects.toMatchObject({ reason: "SESSION_REVOKED", sessionEnded: true });
    expect(onRefreshFailed).toHaveBeenCalledWith("SESSION_REVOKED", expect.any(RefreshFailedError));
  });

  it("a transient refresh failure rejects waiters but keeps the session", async () => {
    const { trpc, server, initial, refresh, onRefreshFailed, store } = setup();
    refresh.mockRejectedValueOnce(new TypeError("fetch failed"));
    server.expire(initial.accessToken);
    const error: unknown = await trpc.query("a").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "REFRESH_FAILED", reason: "NETWORK_ERROR", sessionEnded: false });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(onRefreshFailed).not.toHaveBeenCalled();
    expect(await store.get()).toBe(initial);
    // The next call tries again and succeeds.
    await expect(trpc.query("b")).resolves.toBeDefined();
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("an expired refresh token is not sent to the server", async () => {
    const server = new FakeAuthServer();
    const pair = { ...server.issue(), refreshTokenExpiresAt: new Date(Date.now() - 1000) };
    server.expire(pair.accessToken);
    const refresh = vi.fn(async () => server.issue());
    const onRefreshFailed = vi.fn();
    const trpc = client([
      refreshLink({ store: memoryTokenStore(pair), refresh, onRefreshFailed }),
      fakeLink({ decide: (t) => server.check(t) }).link,
    ]);
    await expect(trpc.query("a")).rejects.toMatchObject({ reason: "REFRESH_TOKEN_EXPIRED" });
    expect(refresh).not.toHaveBeenCalled();
    expect(onRefreshFailed).toHaveBeenCalledWith("REFRESH_TOKEN_EXPIRED", expect.any(RefreshFailedError));
  });

  it("callbacks run after the refresh settled and a throwing callback doesn't break waiters", async () => {
    const { trpc, server, initial, onRefreshed } = setup();
    onRefreshed.mockImplementation(() => {
      throw new Error("app bug");
    });
    server.expire(initial.accessToken);
    await expect(trpc.query("a")).resolves.toBeDefined();
    expect(onRefreshed).toHaveBeenCalledTimes(1);
  });

  it("aborting a call queued behind a refresh rejects it without sending it", async () => {
    const gate = deferred<TokenPair>();
    const { trpc, fake, server, initial, refresh } = setup();
    refresh.mockImplementationOnce(() => gate.promise);
    server.expire(initial.accessToken);
    const first = trpc.query("first");
    await flush();
    const controller = new AbortController();
    const queued = trpc.query("queued", undefined, { signal: controller.signal });
    await flush();
    controller.abort();
    const error: unknown = await queued.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).cause).toMatchObject({ name: "AbortError" });
    gate.resolve(server.issue());
    await first;
    await flush();
    expect(fake.attempts.map((a) => a.op.path)).toEqual(["first", "first"]);
  });

  it("an already aborted signal rejects without sending", async () => {
    const { trpc, fake } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(trpc.query("a", undefined, { signal: controller.signal })).rejects.toBeInstanceOf(TRPCClientError);
    expect(fake.attempts).toHaveLength(0);
  });

  it("generation counter: a call that failed with an older token retries with the newer one, no new refresh", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    const store = memoryTokenStore(initial);
    const refresh = vi.fn(async () => server.issue());
    const slow = deferred();
    // "slow" is answered only after "fast" has refreshed; its 401 then refers to an older token.
    const fake = fakeLink({
      decide: (token) => server.check(token),
      gate: (attempt) => (attempt.op.path === "slow" && attempt.token === initial.accessToken ? slow.promise : undefined),
    });
    const trpc = client([refreshLink({ store, refresh }), fake.link]);
    server.expire(initial.accessToken);
    const slowCall = trpc.query("slow");
    await trpc.query("fast");
    expect(refresh).toHaveBeenCalledTimes(1);
    slow.resolve();
    const result = (await slowCall) as { token: string };
    expect(result.token).toBe(store.get()!.accessToken);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.attempts.find((a) => a.op.path === "slow" && a.token !== initial.accessToken)?.op.context.authGeneration).toBe(1);
  });

  it("uses a pair someone else stored meanwhile instead of refreshing", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    const store = memoryTokenStore(initial);
    const refresh = vi.fn(async () => server.issue());
    const hold = deferred();
    const fake = fakeLink({
      decide: (t) => server.check(t),
      gate: (a) => (a.token === initial.accessToken ? hold.promise : undefined),
    });
    const trpc = client([refreshLink({ store, refresh }), fake.link]);
    server.expire(initial.accessToken);
    const p = trpc.query("a");
    await flush();
    expect(fake.attempts[0]?.token).toBe(initial.accessToken);
    const other = server.issue(); // e.g. another tab sharing localStorage refreshed
    store.set(other);
    hold.resolve();
    await expect(p).resolves.toEqual({ path: "a", token: other.accessToken });
    expect(refresh).not.toHaveBeenCalled();
  });

  describe("mutations", () => {
    it("are retried after a refresh by default", async () => {
      const { trpc, server, initial, refresh, fake } = setup();
      server.expire(initial.accessToken);
      await expect(trpc.mutation("m")).resolves.toBeDefined();
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.attempts).toHaveLength(2);
    });

    it("retryMutations: false rejects with the 401 but still refreshes for the next calls", async () => {
      const { trpc, server, initial, refresh, fake, store } = setup({ retryMutations: false });
      server.expire(initial.accessToken);
      await expect(trpc.mutation("m")).rejects.toMatchObject({ data: { authCode: "TOKEN_EXPIRED" } });
      expect(fake.attempts).toHaveLength(1);
      await flush();
      expect(refresh).toHaveBeenCalledTimes(1);
      const fresh = (await store.get())!;
      await expect(trpc.mutation("m2")).resolves.toEqual({ path: "m2", token: fresh.accessToken });
      // Queries are still retried.
      server.expire(fresh.accessToken);
      await expect(trpc.query("q")).resolves.toBeDefined();
    });
  });

  describe("proactive refresh and clock skew", () => {
    it("refreshes before sending when the client already knows the token expired", async () => {
      vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
      const { trpc, fake, initial, refresh, store } = setup();
      vi.setSystemTime(initial.accessTokenExpiresAt.getTime() + 1);
      await trpc.query("a");
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.attempts.map((a) => a.token)).toEqual([(await store.get())!.accessToken]);
    });

    it("refreshes in the background within the margin (with jitter) while the call goes out", async () => {
      vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
      const { trpc, fake, initial, refresh } = setup({ proactiveMargin: 60_000, proactiveJitter: 10_000, random: () => 0.5 });
      const expiresAt = initial.accessTokenExpiresAt.getTime();
      vi.setSystemTime(expiresAt - 65_001); // outside 60 s + 5 s jitter
      await trpc.query("a");
      expect(refresh).not.toHaveBeenCalled();
      vi.setSystemTime(expiresAt - 64_000); // inside it
      await trpc.query("b");
      await flush();
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.attempts[1]?.token).toBe(initial.accessToken); // still valid, not held back
      await trpc.query("c");
      expect(fake.attempts[2]?.token).not.toBe(initial.accessToken);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it("a failed proactive refresh doesn't fail calls whose token is still valid", async () => {
      vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
      const gate = deferred<TokenPair>();
      const { trpc, fake, initial, refresh, store } = setup({ proactiveJitter: 0 });
      refresh.mockImplementationOnce(() => gate.promise);
      vi.setSystemTime(initial.accessTokenExpiresAt.getTime() - 30_000);
      await trpc.query("starts-refresh");
      const waiting = trpc.query("waits");
      await flush();
      gate.reject(new TypeError("fetch failed"));
      await expect(waiting).resolves.toEqual({ path: "waits", token: initial.accessToken });
      expect(store.get()).toBe(initial);
      expect(fake.attempts.map((a) => a.op.path)).toEqual(["starts-refresh", "waits"]);
    });

    it("corrects for a server clock that runs ahead (Date header)", async () => {
      vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
      const skew = 5 * 60_000; // server is 5 minutes ahead
      const server = new FakeAuthServer(() => Date.now() + skew);
      const initial = server.issue(); // exp is server time: local t0 + 5 min + 15 min
      const refresh = vi.fn(async () => server.issue());
      const fake = fakeLink({ decide: (t) => server.check(t), date: () => new Date(server.serverNow()) });
      const trpc = client([
        refreshLink({ store: memoryTokenStore(initial), refresh, proactiveMargin: 60_000, proactiveJitter: 0 }),
        fake.link,
      ]);
      await trpc.query("learn-skew");
      // Local +13 min: 2 min left in truth, no refresh yet.
      vi.advanceTimersByTime(13 * 60_000);
      await trpc.query("b");
      await flush();
      expect(refresh).not.toHaveBeenCalled();
      // Local +14 min 1 s is server +19 min 1 s: 59 s left, inside the margin. Without the
      // correction the client would think it had 5 min 59 s left.
      vi.advanceTimersByTime(60_000 + 1_000);
      await trpc.query("c");
      await flush();
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it("learns skew from the new token's iat when a refresh arrives", async () => {
      vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
      const skew = -3 * 60_000; // server is 3 minutes behind
      const server = new FakeAuthServer(() => Date.now() + skew);
      const initial = server.issue();
      server.expire(initial.accessToken);
      const refresh = vi.fn(async () => server.issue());
      const fake = fakeLink({ decide: (t) => server.check(t) });
      const trpc = client([
        refreshLink({ store: memoryTokenStore(initial), refresh, proactiveMargin: 60_000, proactiveJitter: 0, serverDate: false }),
        fake.link,
      ]);
      await trpc.query("a"); // 401 -> refresh, skew learned from iat
      expect(refresh).toHaveBeenCalledTimes(1);
      // Local +12 min 30 s: by the local clock the 15-min token (exp in server time) expired
      // 30 s ago, but the server is 3 min behind, so it has 2 min 30 s left: no refresh yet.
      vi.advanceTimersByTime(12 * 60_000 + 30_000);
      await trpc.query("b");
      await flush();
      expect(refresh).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(2 * 60_000); // 30 s left: inside the margin
      await trpc.query("c");
      await flush();
      expect(refresh).toHaveBeenCalledTimes(2);
    });
  });

  describe("subscriptions", () => {
    it("re-subscribes with the fresh token after TOKEN_EXPIRED, resuming from the last event id", async () => {
      const { trpc, fake, initial, refresh, store } = setup();
      const onData = vi.fn();
      const onError = vi.fn();
      const sub = trpc.subscription("events", { room: 1 }, { onData, onError });
      await flush();
      const first = fake.attempts[0]!;
      first.observer.next({ result: { type: "data", id: "e1", data: "hello" } });
      // later the server drops the stream; reconnecting with the old token is refused
      first.observer.error(
        (await import("./testing/fakes.ts")).authError("TOKEN_EXPIRED"),
      );
      await flush();
      const fresh = (await store.get())!;
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.attempts).toHaveLength(2);
      const second = fake.attempts[1]!;
      expect(second.token).toBe(fresh.accessToken);
      expect(second.token).not.toBe(initial.accessToken);
      expect(second.op.input).toEqual({ room: 1, lastEventId: "e1" });
      expect(first.unsubscribed).toBe(true);
      second.observer.next({ result: { type: "data", data: "again" } });
      expect(onData.mock.calls.map((c: unknown[]) => c[0])).toEqual(["hello", "again"]);
      expect(onError).not.toHaveBeenCalled();
      sub.unsubscribe();
      expect(second.unsubscribed).toBe(true);
    });

    it("a long-lived subscription survives more than one expiry", async () => {
      const { trpc, fake, refresh, store } = setup();
      const { authError } = await import("./testing/fakes.ts");
      const onError = vi.fn();
      const sub = trpc.subscription("events", undefined, { onError });
      for (let i = 0; i < 3; i++) {
        await flush();
        const attempt = fake.attempts.at(-1)!;
        attempt.observer.next({ result: { type: "data", data: i } });
        attempt.observer.error(authError("TOKEN_EXPIRED"));
      }
      await flush();
      expect(refresh).toHaveBeenCalledTimes(3);
      expect(fake.attempts.at(-1)!.token).toBe((await store.get())!.accessToken);
      expect(onError).not.toHaveBeenCalled();
      sub.unsubscribe();
    });

    it("doesn't loop when every re-subscription starts and is then refused", async () => {
      const { trpc, fake, refresh } = setup();
      const { authError } = await import("./testing/fakes.ts");
      const onError = vi.fn();
      trpc.subscription("events", undefined, { onError });
      for (let i = 0; i < 2; i++) {
        await flush();
        fake.attempts.at(-1)!.observer.error(authError("TOKEN_EXPIRED")); // after 'started'
      }
      await flush();
      expect(fake.attempts).toHaveLength(2);
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ data: { authCode: "TOKEN_EXPIRED" } });
    });

    it("treats a reconnecting state carrying TOKEN_EXPIRED like an error", async () => {
      const { trpc, fake, refresh } = setup();
      const { authError } = await import("./testing/fakes.ts");
      const sub = trpc.subscription("events", undefined, { onError: vi.fn() });
      await flush();
      fake.attempts[0]!.observer.next({
        result: { type: "state", state: "connecting", error: authError("TOKEN_EXPIRED") },
      });
      await flush();
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.attempts[0]!.unsubscribed).toBe(true);
      expect(fake.attempts).toHaveLength(2);
      sub.unsubscribe();
    });

    it("unsubscribing while queued behind a refresh never subscribes", async () => {
      const gate = deferred<TokenPair>();
      const { trpc, fake, server, initial, refresh } = setup();
      refresh.mockImplementationOnce(() => gate.promise);
      server.expire(initial.accessToken);
      void trpc.query("first");
      await flush();
      const sub = trpc.subscription("events", undefined, { onData: vi.fn() });
      await flush();
      sub.unsubscribe();
      gate.resolve(server.issue());
      await flush();
      expect(fake.attempts.filter((a) => a.op.type === "subscription")).toHaveLength(0);
    });
  });

  it("leaves no timers behind after teardown", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const { trpc, server, initial } = setup();
    server.expire(initial.accessToken);
    const sub = trpc.subscription("events", undefined, { onData: vi.fn() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => trpc.query(`q${i}`)));
    await flush();
    sub.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps state per client: two clients of one link config refresh independently", async () => {
    const server = new FakeAuthServer();
    const refresh = vi.fn(async (_: TokenPair) => server.issue());
    const a = server.issue();
    const b = server.issue();
    server.expire(a.accessToken);
    server.expire(b.accessToken);
    const fake = fakeLink({ decide: (t) => server.check(t) });
    const storeA = memoryTokenStore(a);
    const storeB = memoryTokenStore(b);
    const clientA = client([refreshLink({ store: storeA, refresh }), fake.link]);
    const clientB = client([refreshLink({ store: storeB, refresh }), fake.link]);
    await Promise.all([clientA.query("x"), clientB.query("y")]);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(refresh.mock.calls.map((c) => c[0])).toEqual([a, b]);
  });

  it("rejects invalid options at creation, naming the option", () => {
    const store = memoryTokenStore();
    const refresh = async () => new FakeAuthServer().issue();
    expect(() => refreshLink({ store, refresh, proactiveMargin: -1 })).toThrow(/proactiveMargin/);
    expect(() => refreshLink({ store, refresh, proactiveJitter: Number.NaN })).toThrow(/proactiveJitter/);
    expect(() => refreshLink({ store, refresh: undefined as never })).toThrow(/refresh/);
  });
});
