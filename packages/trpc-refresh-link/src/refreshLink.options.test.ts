// The options the best alternatives offer: a configurable refresh trigger, a per-call opt-out,
// a retry budget, a hook on the retried operation; and refresh failures the server answered with
// 429 or 503 reported as their own transient reasons, not as NETWORK_ERROR.
import { TRPCClientError } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { RefreshFailedError } from "./errors.ts";
import { refreshLink, type RefreshLinkOptions } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink } from "./testing/fakes.ts";
import type { TokenPair } from "./types.ts";

function setup(overrides: Partial<RefreshLinkOptions> = {}, decide?: Parameters<typeof fakeLink>[0]["decide"]) {
  const server = new FakeAuthServer();
  const initial = server.issue();
  const store = memoryTokenStore(initial);
  const refresh = vi.fn(async (_current: TokenPair) => server.issue());
  const onRefreshFailed = vi.fn();
  const fake = fakeLink({ decide: decide ?? ((token) => server.check(token)) });
  const trpc = client([refreshLink({ store, refresh, onRefreshFailed, ...overrides }), fake.link]);
  return { server, initial, store, refresh, onRefreshFailed, fake, trpc };
}

function serverError(data: Record<string, unknown>, headers?: Record<string, string>): TRPCClientError<AnyRouter> {
  return TRPCClientError.from(
    { error: { message: String(data.code), code: -32000, data } },
    headers ? { meta: { response: { headers: new Headers(headers) } } } : {},
  );
}

describe("refreshLink options", () => {
  it("shouldRefresh: a custom trigger refreshes and retries on the errors it picks", async () => {
    const { trpc, refresh, fake, server, initial } = setup(
      { shouldRefresh: (error) => (error.data as { code?: string } | undefined)?.code === "FORBIDDEN" },
      (token) => (token === initial.accessToken ? "FORBIDDEN" : server.check(token)),
    );
    await expect(trpc.query("a")).resolves.toMatchObject({ path: "a" });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.attempts).toHaveLength(2);
  });

  it("context.skipAuthRefresh: the call goes out with the stored token and its TOKEN_EXPIRED is final", async () => {
    const { trpc, refresh, fake, server, initial } = setup();
    server.expire(initial.accessToken);
    await expect(trpc.query("a", undefined, { context: { skipAuthRefresh: true } })).rejects.toMatchObject({
      data: { authCode: "TOKEN_EXPIRED" },
    });
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.attempts.map((a) => a.token)).toEqual([initial.accessToken]);
  });

  it("maxRetries: 0 never retries (but refreshes for the next calls); 2 retries twice", async () => {
    const none = setup({ maxRetries: 0 });
    none.server.expire(none.initial.accessToken);
    await expect(none.trpc.query("a")).rejects.toMatchObject({ data: { authCode: "TOKEN_EXPIRED" } });
    await vi.waitFor(() => expect(none.refresh).toHaveBeenCalledTimes(1));

    let fresh = 0;
    const two = setup({ maxRetries: 2 }, (token) => (token === undefined || fresh++ < 2 ? "TOKEN_EXPIRED" : null));
    await expect(two.trpc.query("b")).resolves.toMatchObject({ path: "b" });
    expect(two.refresh).toHaveBeenCalledTimes(2);
    expect(two.fake.attempts).toHaveLength(3);
    expect(() => setup({ maxRetries: 1.5 })).toThrow(/maxRetries/);
  });

  it("beforeRetry adjusts the retried operation, with the new token already in its context", async () => {
    type BeforeRetry = NonNullable<RefreshLinkOptions["beforeRetry"]>;
    const beforeRetry = vi.fn<BeforeRetry>((op) => ({ ...op, context: { ...op.context, retriedBy: "hook" } }));
    const { trpc, fake, server, initial, store } = setup({ beforeRetry });
    server.expire(initial.accessToken);
    await trpc.query("a");
    expect(beforeRetry).toHaveBeenCalledTimes(1);
    expect(beforeRetry.mock.calls[0]?.[1]).toMatchObject({ retry: 1, error: { data: { authCode: "TOKEN_EXPIRED" } } });
    expect(fake.attempts[1]?.op.context).toMatchObject({
      retriedBy: "hook",
      authorization: `Bearer ${store.get()?.accessToken}`,
    });
    expect(fake.attempts[0]?.op.context.retriedBy).toBeUndefined();
  });

  it.each([
    ["429 with data.retryAfterMs", serverError({ code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterMs: 30_000 }), "RATE_LIMITED", 30_000],
    ["429 with a Retry-After header", serverError({ code: "TOO_MANY_REQUESTS", httpStatus: 429 }, { "retry-after": "7" }), "RATE_LIMITED", 7_000],
    [
      "503 SERVICE_UNAVAILABLE with retryAfterMs",
      serverError({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, errorCode: "SERVICE_UNAVAILABLE", retryAfterMs: 1_000 }),
      "SERVICE_UNAVAILABLE",
      1_000,
    ],
    ["503 without a wait", serverError({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 }), "SERVICE_UNAVAILABLE", undefined],
  ])("a refresh refused with %s is its own transient reason; the session is kept", async (_name, error, reason, retryAfterMs) => {
    const { trpc, server, initial, refresh, store, onRefreshFailed } = setup();
    refresh.mockRejectedValueOnce(error);
    server.expire(initial.accessToken);
    const failure = await trpc.query("a").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RefreshFailedError);
    expect(failure).toMatchObject({ reason, retryAfterMs, sessionEnded: false });
    expect(store.get()).toBe(initial);
    expect(onRefreshFailed).not.toHaveBeenCalled();
  });
});
