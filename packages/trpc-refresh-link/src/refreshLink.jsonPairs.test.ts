// Regression: over a plain JSON transport (no superjson) expiries arrive as ISO strings (or, from
// other APIs, epoch ms). Every call used to fail with `getTime is not a function`, or the refresh was
// never attempted and expired calls failed as NETWORK_ERROR forever.
import { describe, expect, it, vi } from "vitest";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer, client, fakeLink } from "./testing/fakes.ts";
import { toTokenPair } from "./toTokenPair.ts";
import type { TokenPair } from "./types.ts";

const asJson = (pair: TokenPair) => JSON.parse(JSON.stringify(pair)) as Record<string, string>;
const asEpoch = (pair: TokenPair) => ({
  ...pair,
  tokenType: "Bearer" as string,
  accessTokenExpiresAt: pair.accessTokenExpiresAt.getTime(),
  refreshTokenExpiresAt: pair.refreshTokenExpiresAt.getTime(),
});

describe("refreshLink: pairs from a plain JSON transport", () => {
  it.each([
    ["ISO strings", asJson],
    ["epoch milliseconds", asEpoch],
  ])("refreshes and retries when the pairs carry %s", async (_name, encode) => {
    const server = new FakeAuthServer();
    // A non-JWT access token: the link must read the expiry from the pair itself.
    const opaque = { ...server.issue(), accessToken: "opaque-1" };
    const store = memoryTokenStore(encode(opaque) as unknown as TokenPair);
    const refresh = vi.fn(async () => encode(server.issue()) as unknown as { accessToken: string; refreshToken: string; accessTokenExpiresAt: string; refreshTokenExpiresAt: string });
    const fake = fakeLink({ decide: (token) => (token === "opaque-1" ? "TOKEN_EXPIRED" : server.check(token)) });
    const trpc = client([refreshLink({ store, refresh }), fake.link]);
    await expect(trpc.query("a")).resolves.toMatchObject({ path: "a" });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(store.get()?.accessTokenExpiresAt).toBeInstanceOf(Date);
  });

  it("toTokenPair accepts Date, ISO string or epoch ms and names a bad field", () => {
    const pair = new FakeAuthServer().issue();
    expect(toTokenPair(asJson(pair) as never)).toEqual(pair);
    expect(toTokenPair(asEpoch(pair))).toEqual(pair);
    expect(() => toTokenPair({ ...pair, refreshTokenExpiresAt: "soon" })).toThrow(/refreshTokenExpiresAt/);
    expect(() => toTokenPair({ ...pair, accessToken: 1 as never })).toThrow(/accessToken/);
    // Cookie-backed apps hand the link stand-in pairs without a refresh token.
    expect(toTokenPair({ ...pair, refreshToken: "" }).refreshToken).toBe("");
  });
});
