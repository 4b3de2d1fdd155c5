// A server that answers 503 SERVICE_UNAVAILABLE (a transient infrastructure failure) or rate-limits
// the refresh: the CLI says "temporarily unavailable, try again", exits 75 (EX_TEMPFAIL) and keeps
// the credentials. One case runs over real HTTP against a real tRPC server that answers 503.
import type { AddressInfo } from "node:net";
import { TRPCClientError } from "@trpc/client";
import { TRPCError, initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { RefreshFailedError, memoryTokenStore, type TokenPair } from "@rotor/trpc-refresh-link";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createRotorClients } from "./client.ts";
import { describeError } from "./describe-error.ts";
import { EXIT } from "./exit-codes.ts";

const context = { baseUrl: "http://rotor.test", action: "listing sessions" };

function serverError(data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message: "Service unavailable", code: -32603, data } });
}

describe("describeError: transient server states", () => {
  it("a call answered 503 SERVICE_UNAVAILABLE: try again, with the wait the server gave", () => {
    const error = describeError(
      serverError({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, errorCode: "SERVICE_UNAVAILABLE", retryAfterMs: 2_500 }),
      context,
    );
    expect(error).toMatchObject({ exitCode: EXIT.UNAVAILABLE, sessionEnded: false });
    expect(error.message).toBe("The server is temporarily unavailable; try again in 3 s. Your session is kept.");
  });

  it("a refresh that failed with SERVICE_UNAVAILABLE or RATE_LIMITED keeps the session and exits 75", () => {
    const down = describeError(new RefreshFailedError("SERVICE_UNAVAILABLE"), context);
    expect(down).toMatchObject({ exitCode: EXIT.UNAVAILABLE, sessionEnded: false });
    expect(down.message).toMatch(/^The server is temporarily unavailable; try again\. /);
    const limited = describeError(new RefreshFailedError("RATE_LIMITED", { retryAfterMs: 60_000 }), context);
    expect(limited).toMatchObject({ exitCode: EXIT.UNAVAILABLE, sessionEnded: false });
    expect(limited.message).toMatch(/try again in 60 s/);
  });

  it("over HTTP: a tRPC server answering the refresh with 503 leaves the stored pair in place", async () => {
    const t = initTRPC.create({ transformer: superjson });
    const router = t.router({
      auth: t.router({
        refresh: t.procedure.mutation(() => {
          throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "Service unavailable" });
        }),
        me: t.procedure.query(() => "never reached: the token is expired locally, so the refresh runs first"),
      }),
    });
    const server = createHTTPServer({ router, basePath: "/api/trpc/" });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const expired: TokenPair = {
        accessToken: "opaque",
        refreshToken: "r1",
        tokenType: "Bearer",
        accessTokenExpiresAt: new Date(Date.now() - 1_000),
        refreshTokenExpiresAt: new Date(Date.now() + 3_600_000),
      };
      const store = memoryTokenStore(expired);
      const { api } = createRotorClients({ baseUrl, store });
      const thrown = await api.auth.me.query().catch((e: unknown) => e);
      expect(thrown).toMatchObject({ reason: "SERVICE_UNAVAILABLE", sessionEnded: false });
      expect(describeError(thrown, { baseUrl, action: "reading your profile" })).toMatchObject({ exitCode: EXIT.UNAVAILABLE });
      expect(store.get()).toBe(expired);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
