// The wire contract over real HTTP: error shape, status codes, nothing internal leaks.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppRouter } from "./root.ts";
import { createTestApi, type TestApi } from "./testing/create-test-api.ts";
import { startApiServer, type ApiServer } from "./testing/start-api-server.ts";

let t: TestApi;
let server: ApiServer;
beforeAll(async () => {
  t = await createTestApi();
  server = await startApiServer(t.services);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: server.url, transformer: superjson, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });

describe("HTTP error contract", () => {
  it("UNAUTHORIZED carries data.authCode and no stack", async () => {
    const error = await client("nope").auth.me.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401, authCode: "TOKEN_INVALID" });
    expect(JSON.stringify(data)).not.toMatch(/stack|at .*\.ts/);
  });

  it("a malformed JWT is a 401, never a 500", async () => {
    for (const token of ["a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(10_000)]) {
      const res = await fetch(`${server.url}/auth.me`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    }
  });

  it("malformed bodies are 400 with a typed error, not 500", async () => {
    const res = await fetch(`${server.url}/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    const res2 = await fetch(`${server.url}/auth.refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { refreshToken: 42 } }) });
    expect(res2.status).toBe(400);
    const body = (await res2.json()) as { error: { json: { data: { zodError: unknown; code: string } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.zodError).toBeTruthy();
  });

  it("internal errors are masked", async () => {
    const spy = vi.spyOn(t.services.tokens, "listOwnSessions").mockRejectedValueOnce(new Error("connection to 10.0.0.1 refused: password=hunter2"));
    const { accessToken } = await t.loginAs("user@acme.test");
    const res = await fetch(`${server.url}/auth.sessions.list`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("Internal server error");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("stack");
    spy.mockRestore();
  });

  it("a typed client logs in, refreshes and calls a query over HTTP", async () => {
    const pair = await client().auth.login.mutate({ tenant: "acme", email: "user@acme.test", password: "correct horse battery staple" });
    expect(pair.accessTokenExpiresAt).toBeInstanceOf(Date);
    const me = await client(pair.accessToken).auth.me.query();
    expect(me.email).toBe("user@acme.test");
    const next = await client().auth.refresh.mutate({ refreshToken: pair.refreshToken });
    expect(next.refreshToken).not.toBe(pair.refreshToken);
  });
});
