// RFC 7662 introspection and RFC 7009 revocation over real HTTP, against the real token service and database:
// the RFCs' example requests, their error responses, tenant scoping, and hostile input (never a 500).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedServiceCredential } from "@rotor/auth";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";
import { startApiServer, type ApiServer } from "../testing/start-api-server.ts";
import { createOAuthEndpoints } from "./create-oauth-endpoints.ts";

let t: TestApi;
let server: ApiServer;
let global: IssuedServiceCredential;
let acmeOnly: IssuedServiceCredential;

beforeAll(async () => {
  t = await createTestApi();
  const oauth = createOAuthEndpoints({ tokens: t.services.tokens, credentials: t.services.serviceCredentials, maxBodyBytes: 2048 });
  server = await startApiServer(t.services, { oauth });
  const create = (name: string, tenantId: string | null) => t.services.serviceCredentials.create({ name, tenantId, actor: null, meta: {} });
  global = await create("global", null);
  acmeOnly = await create("acme-only", t.tenants.acme.id);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const basic = (c: { id: string; clientSecret: string }) => `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.clientSecret)}`).toString("base64")}`;

function post(path: "introspect" | "revoke", body: string | Record<string, string>, init: { auth?: string | null; type?: string } = {}) {
  const headers: Record<string, string> = { "content-type": init.type ?? "application/x-www-form-urlencoded" };
  const auth = init.auth === undefined ? basic(global) : init.auth;
  if (auth !== null) headers.authorization = auth;
  return fetch(`${server.origin}/api/oauth/${path}`, { method: "POST", headers, body: typeof body === "string" ? body : new URLSearchParams(body).toString() });
}

const introspect = async (token: string, init: Parameters<typeof post>[2] = {}, hint?: string) =>
  (await post("introspect", { token, ...(hint ? { token_type_hint: hint } : {}) }, init)).json() as Promise<Record<string, unknown>>;

describe("RFC 7662 introspection", () => {
  it("RFC 7662 2.1's example request: an access token is active with sub, sid, tid, role, exp; no-store", async () => {
    const pair = await t.loginAs("user@acme.test");
    const response = await post("introspect", { token: pair.accessToken, token_type_hint: "access_token" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({
      active: true,
      token_type: "access_token",
      sub: t.users.acmeUser.id,
      sid: pair.sessionId,
      tid: t.tenants.acme.id,
      role: "USER",
      exp: Math.floor(pair.accessTokenExpiresAt.getTime() / 1000),
    });
  });

  it("a refresh token is active until rotated; an access token is inactive once its session is revoked", async () => {
    const pair = await t.loginAs("user@acme.test");
    expect(await introspect(pair.refreshToken, {}, "refresh_token")).toMatchObject({ active: true, token_type: "refresh_token", sid: pair.sessionId, role: "USER" });
    await t.service.refresh({ refreshToken: pair.refreshToken, meta: t.meta });
    expect(await introspect(pair.refreshToken)).toEqual({ active: false });
    const other = await t.loginAs("user@acme.test");
    await t.service.logout({ actor: { ...(await t.service.authenticate(other.accessToken)) }, meta: t.meta });
    expect(await introspect(other.accessToken)).toEqual({ active: false });
  });

  it("unknown, forged or oversized tokens are inactive; another tenant's token is inactive for a tenant credential", async () => {
    for (const token of ["nope", "a.b.c", "x".repeat(1500)]) expect(await introspect(token)).toEqual({ active: false });
    const globex = await t.loginAs("admin@globex.test");
    expect(await introspect(globex.accessToken, { auth: basic(acmeOnly) })).toEqual({ active: false });
    expect(await introspect(globex.accessToken)).toMatchObject({ active: true, tid: t.tenants.globex.id });
  });
});

describe("RFC 7009 revocation", () => {
  it("RFC 7009 2.1's example request: revoking a refresh token revokes the session (audited); the access token dies too", async () => {
    const pair = await t.loginAs("user@acme.test");
    const response = await post("revoke", { token: pair.refreshToken, token_type_hint: "refresh_token" });
    expect(response.status).toBe(200);
    await expect(t.service.authenticate(pair.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    const audit = await t.prisma.auditEvent.findFirst({ where: { type: "token-revoked-by-service", sessionId: pair.sessionId } });
    expect(audit?.details).toMatchObject({ serviceCredentialId: global.id, revokedSessionIds: [pair.sessionId] });
  });

  it("revoking an access token revokes its session; unknown tokens and repeats are 200 too", async () => {
    const pair = await t.loginAs("user@acme.test");
    expect((await post("revoke", { token: pair.accessToken })).status).toBe(200);
    expect(await introspect(pair.accessToken)).toEqual({ active: false });
    expect((await post("revoke", { token: pair.accessToken })).status).toBe(200);
    expect((await post("revoke", { token: "unknown" })).status).toBe(200);
  });

  it("a tenant credential cannot revoke another tenant's session (200, nothing happens)", async () => {
    const globex = await t.loginAs("admin@globex.test");
    expect((await post("revoke", { token: globex.refreshToken }, { auth: basic(acmeOnly) })).status).toBe(200);
    await expect(t.service.authenticate(globex.accessToken)).resolves.toMatchObject({ sessionId: globex.sessionId });
  });

  it("an unknown token_type_hint is unsupported_token_type", async () => {
    const response = await post("revoke", { token: "x", token_type_hint: "id_token" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unsupported_token_type", error_description: "The token type hint is not one this server revokes" });
  });
});

describe("errors and hostile input (both endpoints)", () => {
  const invalidClient = { error: "invalid_client", error_description: "Client authentication failed" };
  const invalidRequest = { error: "invalid_request", error_description: "The request is missing a parameter, repeats one, or is malformed" };

  it.each(["introspect", "revoke"] as const)("%s: client authentication failures are 401 invalid_client with WWW-Authenticate", async (path) => {
    const revoked = await t.services.serviceCredentials.create({ name: "gone", tenantId: null, actor: null, meta: {} });
    await t.services.serviceCredentials.revoke({ id: revoked.id, tenantId: null, actor: null, meta: {} });
    for (const auth of [null, "Bearer x", "Basic !!!", "Basic " + Buffer.from("no-colon").toString("base64"), basic({ ...global, clientSecret: "wrong" }), basic(revoked), basic({ id: "%zz", clientSecret: "%" })]) {
      const response = await post(path, { token: "x" }, { auth });
      expect(response.status, String(auth)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="rotor"');
      expect(await response.json()).toEqual(invalidClient);
    }
  });

  it.each(["introspect", "revoke"] as const)("%s: malformed requests are 400 invalid_request, never 500", async (path) => {
    const cases: Array<[string, Parameters<typeof post>[2]]> = [
      ["", {}],
      ["token=", {}],
      ["token=a&token=b", {}],
      ['{"token":"a"}', { type: "application/json" }],
      [`token=${"a".repeat(3000)}`, {}],
    ];
    for (const [body, init] of cases) {
      const response = await post(path, body, init);
      expect(response.status, body.slice(0, 40)).toBe(400);
      expect(await response.json()).toEqual(invalidRequest);
    }
    // Broken percent-encoding and bytes that are not UTF-8 are just an unknown token.
    for (const body of ["token=%E0%A4%A&x=%", Buffer.from([0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0xff, 0xfe]).toString("latin1")]) {
      expect((await post(path, body)).status).toBe(200);
    }
  });
});
