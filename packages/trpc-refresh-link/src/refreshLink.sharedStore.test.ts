// Regression (hole 4): two tRPC clients over one store (a React client and a vanilla one) each
// refreshed with the same refresh token; a strict server (no reuse interval) then signs the whole
// app out. Now the refresh in flight belongs to the store, shared by every link over it.
import { describe, expect, it, vi } from "vitest";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink } from "./testing/fakes.ts";
import type { TokenPair } from "./types.ts";

describe("refreshLink: two clients, one store", () => {
  it("share one refresh, against a strict server that refuses a refresh token presented twice", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const store = memoryTokenStore(initial);
    const used = new Set<string>();
    const refresh = vi.fn(async (current: TokenPair) => {
      if (used.has(current.refreshToken)) throw Object.assign(new Error("reused"), { data: { authCode: "REFRESH_TOKEN_REUSED" } });
      used.add(current.refreshToken);
      return server.issue();
    });
    const onRefreshFailed = vi.fn();
    const fake = fakeLink({ decide: (token) => server.check(token) });
    const react = client([refreshLink({ store, refresh, onRefreshFailed }), fake.link]);
    const vanilla = client([refreshLink({ store, refresh, onRefreshFailed }), fake.link]);

    const results = await Promise.all([react.query("a"), vanilla.query("b"), react.query("c"), vanilla.query("d")]);

    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onRefreshFailed).not.toHaveBeenCalled();
    expect(results.every((r) => (r as { token: string }).token === store.get()?.accessToken)).toBe(true);
  });

  it("a session-ending failure of the shared refresh reaches each link's onRefreshFailed once", async () => {
    const server = new FakeAuthServer();
    const initial = server.issue();
    server.expire(initial.accessToken);
    const store = memoryTokenStore(initial);
    const refresh = vi.fn(async () => {
      throw Object.assign(new Error("revoked"), { data: { authCode: "SESSION_REVOKED" } });
    });
    const [onA, onB] = [vi.fn(), vi.fn()];
    const fake = fakeLink({ decide: (token) => server.check(token) });
    const a = client([refreshLink({ store, refresh, onRefreshFailed: onA }), fake.link]);
    const b = client([refreshLink({ store, refresh, onRefreshFailed: onB }), fake.link]);
    const settled = await Promise.allSettled([a.query("1"), a.query("2"), b.query("3"), b.query("4")]);
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onA).toHaveBeenCalledTimes(1);
    expect(onB).toHaveBeenCalledTimes(1);
    expect(onA).toHaveBeenCalledWith("SESSION_REVOKED", expect.anything());
    expect(store.get()).toBeNull();
  });
});
