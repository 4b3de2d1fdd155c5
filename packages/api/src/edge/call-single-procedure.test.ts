// The direct path answers exactly as tRPC's fetch handler does, call by call: status, headers and body,
// on the real routers and a real database. Anything it does not own, it hands back (null).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { createContext } from "../context.ts";
import { appRouter } from "../root.ts";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";
import { callSingleProcedure } from "./call-single-procedure.ts";
import { edgeHeaders } from "./handle-api-request.ts";

let t: TestApi;
let adminToken: string;
let userToken: string;
beforeAll(async () => {
  t = await createTestApi();
  adminToken = (await t.signIn("admin@acme.test")).accessToken;
  userToken = (await t.signIn("user@acme.test")).accessToken;
});
afterAll(async () => {
  await t.close();
});

interface Call {
  method: "GET" | "POST";
  path: string;
  /** The wire input (superjson envelope), or a raw body string. */
  input?: unknown;
  raw?: string;
  token?: string;
  contentType?: string | null;
}

const headersOf = (call: Call) =>
  new Headers({
    "user-agent": "vitest",
    ...(call.method === "POST" && call.contentType !== null ? { "content-type": call.contentType ?? "application/json" } : {}),
    ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
  });
const context = (headers: Headers) => () => createContext({ services: t.services, headers, ip: "127.0.0.1" });
const wireText = (call: Call) => call.raw ?? (call.input === undefined ? "" : JSON.stringify(call.input));

async function viaFetchHandler(call: Call) {
  const headers = headersOf(call);
  const text = wireText(call);
  const url = new URL(`http://localhost/api/trpc/${call.path}`);
  if (call.method === "GET" && text) url.searchParams.set("input", text);
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url, { method: call.method, headers, ...(call.method === "POST" && text ? { body: text } : {}) }),
    router: appRouter,
    createContext: context(headers),
    responseMeta: ({ errors }) => ({ headers: edgeHeaders(errors) }),
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

async function viaDirectPath(call: Call) {
  const headers = headersOf(call);
  const text = wireText(call);
  const answer = await callSingleProcedure({
    router: appRouter,
    method: call.method,
    path: call.path,
    contentType: headers.get("content-type"),
    input: text ? JSON.parse(text) : undefined,
    createContext: context(headers),
    headers: edgeHeaders,
  });
  return answer && { ...answer, headers: Object.fromEntries(new Headers(answer.headers)) };
}

const envelope = (value: unknown) => superjson.serialize(value);

describe("callSingleProcedure", () => {
  const same: [string, () => Call][] = [
    ["a query", () => ({ method: "GET", path: "auth.me", token: userToken })],
    ["a query without credentials", () => ({ method: "GET", path: "auth.me" })],
    ["a query with a malformed token", () => ({ method: "GET", path: "auth.me", token: "not.a.jwt" })],
    ["a query refused for the caller's role", () => ({ method: "GET", path: "admin.users.list", token: userToken })],
    ["a query with superjson-typed (Date) input", () => ({ method: "GET", path: "admin.audit.page", token: adminToken, input: envelope({ from: new Date(0), limit: 2 }) })],
    ["a query whose input fails validation", () => ({ method: "GET", path: "admin.audit.page", token: adminToken, input: envelope({ limit: 1000 }) })],
    ["a mutation whose input fails validation", () => ({ method: "POST", path: "auth.refresh", input: envelope({ refreshToken: 42 }) })],
    ["a mutation with no input where one is required", () => ({ method: "POST", path: "auth.refresh" })],
    ["a mutation refused by the service", () => ({ method: "POST", path: "auth.refresh", input: envelope({ refreshToken: "A".repeat(43) }) })],
    ["a mutation with wrong credentials", () => ({ method: "POST", path: "auth.login", input: envelope({ tenant: "acme", email: "user@acme.test", password: "wrong password!" }) })],
    ["a JSON content type with parameters", () => ({ method: "POST", path: "auth.refresh", input: envelope({ refreshToken: "x" }), contentType: "Application/JSON; charset=utf-8" })],
    ["an envelope that is not superjson", () => ({ method: "POST", path: "auth.refresh", raw: '{"refreshToken":"x"}' })],
  ];
  for (const [name, make] of same) {
    it(`answers ${name} exactly as the fetch handler`, async () => {
      const call = make();
      const direct = await viaDirectPath(call);
      expect(direct).not.toBeNull();
      expect(direct).toEqual(await viaFetchHandler(call));
    });
  }

  it("answers a successful mutation in the same shape", async () => {
    const { refreshToken: first } = await t.signIn("user@acme.test");
    const { refreshToken: second } = await t.signIn("user@acme.test");
    const direct = (await viaDirectPath({ method: "POST", path: "auth.refresh", input: envelope({ refreshToken: first }) }))!;
    const fetched = await viaFetchHandler({ method: "POST", path: "auth.refresh", input: envelope({ refreshToken: second }) });
    expect(direct.status).toBe(200);
    expect(direct.headers).toEqual(fetched.headers);
    const keys = (body: string) => Object.keys((JSON.parse(body) as { result: { data: { json: object } } }).result.data.json).sort();
    expect(keys(direct.body)).toEqual(keys(fetched.body));
  });

  const handedBack: [string, Call][] = [
    ["a mutation over GET", { method: "GET", path: "auth.refresh" }],
    ["a query over POST", { method: "POST", path: "auth.me", input: envelope(undefined) }],
    ["an unknown procedure", { method: "GET", path: "auth.nothing" }],
    ["a router, not a procedure", { method: "GET", path: "auth" }],
    ["a prototype key", { method: "GET", path: "constructor" }],
    ["a path that is no procedure path", { method: "GET", path: "auth..me" }],
    ["another content type", { method: "POST", path: "auth.refresh", raw: "{}", contentType: "text/plain" }],
    ["no content type", { method: "POST", path: "auth.refresh", raw: "{}", contentType: null }],
    ["HEAD", { method: "HEAD" as "GET", path: "auth.me" }],
  ];
  for (const [name, call] of handedBack) {
    it(`hands back ${name}`, async () => {
      expect(await viaDirectPath(call)).toBeNull();
    });
  }
});
