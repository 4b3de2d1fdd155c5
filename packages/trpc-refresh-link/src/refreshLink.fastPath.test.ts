// The synchronous fast path (sync store, no refresh running, token outside the margin): the attempt
// goes out in the same tick, and everything the slow path guarantees still holds for it.
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { describe, expect, it, vi } from "vitest";
import { authHeaders } from "./authHeaders.ts";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, authError, client, deferred, fakeLink, flush } from "./testing/fakes.ts";
import type { TokenPair, TokenStore } from "./types.ts";

function setup(store?: TokenStore) {
  const server = new FakeAuthServer();
  const initial = server.issue();
  const refresh = vi.fn(async (_current: TokenPair) => server.issue());
  const fake = fakeLink({ decide: (token) => server.check(token) });
  const trpc = client([refreshLink({ store: store ?? memoryTokenStore(initial), refresh }), fake.link]);
  return { server, initial, refresh, fake, trpc };
}

describe("refreshLink fast path", () => {
  it("a sync store with a valid token sends in the same tick, without refreshing", async () => {
    const { trpc, fake, initial, refresh } = setup();
    const pending = trpc.query("a");
    expect(fake.attempts.map((a) => a.token)).toEqual([initial.accessToken]); // no await yet
    await expect(pending).resolves.toEqual({ path: "a", token: initial.accessToken });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("still retries once after TOKEN_EXPIRED from an attempt it sent", async () => {
    const { trpc, fake, server, initial, refresh } = setup();
    server.expire(initial.accessToken);
    const pending = trpc.query("a");
    expect(fake.attempts).toHaveLength(1); // went out on the fast path
    const result = (await pending) as { token: string };
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.attempts.map((a) => a.token)).toEqual([initial.accessToken, result.token]);
  });

  it("handles a next link that fails synchronously with TOKEN_EXPIRED", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const tokens: (string | undefined)[] = [];
    const unsubscribed: boolean[] = [];
    const syncLink: TRPCLink<AnyRouter> = () => ({ op }) =>
      observable((observer) => {
        const token = authHeaders({ op }).Authorization?.replace(/^Bearer /, "");
        const index = tokens.push(token) - 1;
        unsubscribed[index] = false;
        const verdict = server.check(token);
        if (verdict) observer.error(authError(verdict));
        else {
          observer.next({ result: { type: "data", data: token } });
          observer.complete();
        }
        return () => {
          unsubscribed[index] = true;
        };
      });
    const refresh = vi.fn(async () => server.issue());
    const trpc = client([refreshLink({ store: memoryTokenStore(initial), refresh }), syncLink]);
    const result = await trpc.query("a");
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(tokens).toEqual([initial.accessToken, result]);
    expect(unsubscribed).toEqual([true, true]);
  });

  it("an async store takes the slow path and reads the store once per attempt", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    const get = vi.fn(async () => initial);
    const { trpc, fake } = setup({ get, set: async () => undefined, clear: async () => undefined });
    const pending = trpc.query("a");
    expect(fake.attempts).toHaveLength(0); // waits for the store
    await pending.catch(() => undefined);
    expect(get).toHaveBeenCalledTimes(1);
    expect(fake.attempts).toHaveLength(1);
  });

  it("a store whose get() throws fails the call without sending", async () => {
    const store: TokenStore = {
      get: () => {
        throw new Error("storage disabled");
      },
      set: () => undefined,
      clear: () => undefined,
    };
    const { trpc, fake } = setup(store);
    const error: unknown = await trpc.query("a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).message).toBe("storage disabled");
    expect(fake.attempts).toHaveLength(0);
  });

  it("adds no abort listener to a call that never queues", async () => {
    const { trpc } = setup();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    await trpc.query("a", undefined, { signal: controller.signal });
    expect(add).not.toHaveBeenCalledWith("abort", expect.anything());
  });

  it("a call made while a refresh runs waits for it instead", async () => {
    const gate = deferred<TokenPair>();
    const { trpc, fake, server, initial, refresh } = setup();
    refresh.mockImplementationOnce(() => gate.promise);
    server.expire(initial.accessToken);
    const first = trpc.query("first");
    await flush(); // the first call's 401 started the refresh
    expect(refresh).toHaveBeenCalledTimes(1);
    const second = trpc.query("second");
    await flush();
    expect(fake.attempts.map((a) => a.op.path)).toEqual(["first"]);
    const fresh = server.issue();
    gate.resolve(fresh);
    await Promise.all([first, second]);
    expect(fake.attempts.filter((a) => a.op.path === "second").map((a) => a.token)).toEqual([fresh.accessToken]);
  });
});
