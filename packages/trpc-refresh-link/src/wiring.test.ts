// The documented wiring against tRPC's real httpBatchLink/httpLink and a real tRPC router served
// by the fetch adapter in-process (a custom `fetch`, no sockets): headers reach the server and a
// real TOKEN_EXPIRED response is refreshed and retried.
import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import { TRPCError, initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it, vi } from "vitest";
import { authHeaders } from "./authHeaders.ts";
import { refreshLink } from "./refreshLink.ts";
import { memoryTokenStore } from "./stores/memoryTokenStore.ts";
import { FakeAuthServer } from "./testing/fakes.ts";
import type { AuthCode, TokenPair } from "./types.ts";

class AuthFailure extends Error {
  constructor(readonly authCode: AuthCode) {
    super(authCode);
  }
}

function serve(auth: FakeAuthServer) {
  const t = initTRPC.context<{ authorization: string | null }>().create({
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      data: { ...shape.data, authCode: error.cause instanceof AuthFailure ? error.cause.authCode : undefined },
    }),
  });
  const authed = t.procedure.use(({ ctx, next }) => {
    const code = auth.check(ctx.authorization?.replace(/^Bearer /, "") ?? undefined);
    if (code) throw new TRPCError({ code: "UNAUTHORIZED", cause: new AuthFailure(code) });
    return next();
  });
  const bodies = vi.fn();
  const router = t.router({
    me: authed.query(({ ctx }) => ({ authorization: ctx.authorization })),
    rename: authed.mutation(() => {
      bodies();
      return "ok";
    }),
  });
  const seen: Array<string | null> = [];
  const fetch = async (url: URL | RequestInfo, init?: RequestInit) => {
    const req = new Request(url, init);
    seen.push(req.headers.get("authorization"));
    return fetchRequestHandler({
      router,
      req,
      endpoint: "/trpc",
      createContext: () => ({ authorization: req.headers.get("authorization") }),
    });
  };
  return { router, fetch, seen, bodies };
}

type TestRouter = ReturnType<typeof serve>["router"];

describe("wiring with tRPC's own http links", () => {
  it.each(["httpBatchLink", "httpLink"] as const)("%s: header attached, real TOKEN_EXPIRED refreshed and retried", async (kind) => {
    const auth = new FakeAuthServer();
    const initial = auth.issue();
    auth.expire(initial.accessToken);
    const { fetch, seen, bodies } = serve(auth);
    const store = memoryTokenStore(initial);
    const refresh = vi.fn(async (_: TokenPair) => auth.issue());
    const terminating =
      kind === "httpBatchLink"
        ? httpBatchLink<TestRouter>({ url: "http://rotor.test/trpc", fetch, headers: authHeaders })
        : httpLink<TestRouter>({ url: "http://rotor.test/trpc", fetch, headers: authHeaders });
    const trpc = createTRPCClient<TestRouter>({ links: [refreshLink({ store, refresh }), terminating] });

    const [a, b, m] = await Promise.all([trpc.me.query(), trpc.me.query(), trpc.rename.mutate()]);
    const fresh = store.get()!;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ authorization: `Bearer ${fresh.accessToken}` });
    expect(b).toEqual(a);
    expect(m).toBe("ok");
    expect(bodies).toHaveBeenCalledTimes(1); // the mutation body ran once, on the retry
    expect(seen[0]).toBe(`Bearer ${initial.accessToken}`);
    expect(seen.at(-1)).toBe(`Bearer ${fresh.accessToken}`);
  });
});
