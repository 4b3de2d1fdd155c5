// Regression (hole 3): the proactive margin (60 s + jitter) was not bounded by the token's
// lifetime, so with a 5 s access token every call refreshed (30 calls, 31 refreshes) until the
// server's per-session refresh limit refused them all. Margin + jitter is now capped at half the
// lifetime: a short token is refreshed about once per lifetime.
import { describe, expect, it, vi } from "vitest";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink, flush } from "./testing/fakes.ts";

function setup(ttlMs: number) {
  let now = Date.parse("2030-01-01T00:00:00Z");
  const server = new FakeAuthServer(() => now);
  const store = memoryTokenStore(server.issue(ttlMs));
  const refresh = vi.fn(async () => server.issue(ttlMs));
  const fake = fakeLink({ decide: (token) => server.check(token) });
  const trpc = client([refreshLink({ store, refresh, clock: { now: () => now }, serverDate: false }), fake.link]);
  return { trpc, refresh, advance: (ms: number) => (now += ms) };
}

async function calls(trpc: ReturnType<typeof setup>["trpc"], count: number) {
  for (let i = 0; i < count; i++) {
    await trpc.query(`q${i}`);
    await flush();
  }
}

describe("refreshLink: tokens shorter than the proactive margin", () => {
  it("a fresh 5 s token is not refreshed on every call", async () => {
    const { trpc, refresh } = setup(5_000);
    await calls(trpc, 30);
    expect(refresh).toHaveBeenCalledTimes(0);
  });

  it("it is refreshed once past half its lifetime, and the new one is not refreshed again at once", async () => {
    const { trpc, refresh, advance } = setup(5_000);
    await calls(trpc, 5);
    advance(3_000);
    await calls(trpc, 30);
    expect(refresh).toHaveBeenCalledTimes(1);
    advance(3_000);
    await calls(trpc, 30);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("long tokens keep the configured margin", async () => {
    const { trpc, refresh, advance } = setup(15 * 60_000);
    advance(15 * 60_000 - 75_000); // 75 s left: outside 60 s + at most 10 s jitter
    await calls(trpc, 3);
    expect(refresh).toHaveBeenCalledTimes(0);
    advance(10_000); // 65 s left: maybe inside (jitter); 55 s left surely is
    advance(10_000);
    await calls(trpc, 3);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
