// The HTTP edge of the production build (next build + the web host), probed the way an attacker would:
// odd methods, NUL bytes, hostile superjson meta, broken JSON, oversized batches and bodies, deep nesting;
// and the headers every response must carry (no-store on anything with a token or session, HSTS, a CSP
// nonce on every page, Origin checks on cookie mutations).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS, type DemoCredential } from "@rotor/db";
import { jsonPost, rawRequest, trpcError, webSessionCookie, type RawRequest } from "./support/http-probe";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";

let app: E2eServer;
const send = (options: RawRequest) => rawRequest(app.url, options);
const login = (who: DemoCredential = DEMO_CREDENTIALS.acmeUser) =>
  send(jsonPost("/api/trpc/auth.login", { tenant: who.tenant, email: who.email, password: who.password }));

beforeAll(async () => {
  app = await startE2eServer({ API_MAX_BATCH_SIZE: "10", API_MAX_BODY_BYTES: "8192", API_MAX_INPUT_DEPTH: "12" });
});
afterAll(async () => {
  await app?.stop();
});

describe("methods", () => {
  it.each(["TRACE", "PROPFIND", "PURGE"])("answers %s with 405 and the stable error shape, never 500", async (method) => {
    for (const path of ["/api/trpc/auth.me", "/", "/login"]) {
      const res = await send({ method, path });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(trpcError(res.body).data.errorCode).toBe("METHOD_NOT_ALLOWED");
    }
  });

  it.each(["PUT", "PATCH", "DELETE", "OPTIONS"])("answers %s on /api/trpc with 405 and an Allow header", async (method) => {
    const res = await send({ method, path: "/api/trpc/auth.login" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, POST, HEAD");
    expect(trpcError(res.body)).toMatchObject({ message: "Method not allowed", data: { errorCode: "METHOD_NOT_ALLOWED" } });
  });
});

describe("bad input is a 4xx with a fixed text", () => {
  it("refuses a NUL byte in the audit filter before PostgreSQL sees it", async () => {
    const { accessToken } = (JSON.parse((await login(DEMO_CREDENTIALS.acmeAdmin)).body) as { result: { data: { json: { accessToken: string } } } }).result.data.json;
    const input = encodeURIComponent(JSON.stringify({ json: { type: "login\u0000" } }));
    const res = await send({ path: `/api/trpc/admin.audit.list?input=${input}`, headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(400);
    expect(trpcError(res.body).data.errorCode).toBe("INVALID_INPUT");
    const notUuid = await send(jsonPost("/api/trpc/admin.sessions.revoke", { sessionId: "42" }, { authorization: `Bearer ${accessToken}` }));
    expect(notUuid.status).toBe(400);
  });

  it("refuses hostile superjson meta at once, without walking it", async () => {
    const res = await send({
      method: "POST",
      path: "/api/trpc/auth.refresh",
      headers: { "content-type": "application/json" },
      body: '{"json":{},"meta":{"values":{"a":["class","Nope"]}}}',
    });
    expect(res.status).toBe(400);
    expect(trpcError(res.body)).toMatchObject({ message: "Unsupported serialization metadata", data: { errorCode: "INVALID_TRANSFORMER_META" } });
    expect(res.body).not.toMatch(/call stack/i);
  });

  it("never echoes parser text or the body", async () => {
    const res = await send({ method: "POST", path: "/api/trpc/auth.login", headers: { "content-type": "application/json" }, body: '{"json":{"password":"hunter2-ECHO"' });
    expect(res.status).toBe(400);
    expect(trpcError(res.body)).toMatchObject({ message: "Request is not valid JSON", data: { errorCode: "INVALID_JSON" } });
    expect(res.body).not.toMatch(/hunter2|Unexpected|position|JSON\.parse/);
  });
});

describe("bounded requests", () => {
  it("refuses a 5 KB comma batch with one small 400 instead of a megabyte of errors", async () => {
    const res = await send({ path: `/api/trpc/${",".repeat(5000)}?batch=1` });
    expect(res.status).toBe(400);
    expect(trpcError(res.body).data.errorCode).toBe("BATCH_TOO_LARGE");
    expect(res.body.length).toBeLessThan(1024);
  });

  it("refuses a batch of 1,000 refreshes before running any", async () => {
    const paths = Array.from({ length: 1000 }, () => "auth.refresh").join(",");
    const inputs = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, { json: { refreshToken: "x" } }]));
    const res = await send({ method: "POST", path: `/api/trpc/${paths}?batch=1`, headers: { "content-type": "application/json" }, body: JSON.stringify(inputs) });
    expect(res.status).toBe(400);
    expect(trpcError(res.body).data.errorCode).toBe("BATCH_TOO_LARGE");
    expect(await app.db.prisma.auditEvent.count({ where: { type: "refresh" } })).toBe(0);
  });

  it("refuses bodies over API_MAX_BODY_BYTES, declared or chunked, with 413", async () => {
    const big = JSON.stringify({ json: { refreshToken: "x".repeat(10_000) } });
    const declared = await send({ method: "POST", path: "/api/trpc/auth.refresh", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);
    expect(trpcError(declared.body).data.errorCode).toBe("BODY_TOO_LARGE");
    const chunked = await send({
      method: "POST",
      path: "/api/trpc/auth.refresh",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it("refuses input nested deeper than API_MAX_INPUT_DEPTH", async () => {
    const body = `{"json":{"refreshToken":${"[".repeat(40)}${"]".repeat(40)}}}`;
    const res = await send({ method: "POST", path: "/api/trpc/auth.refresh", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    expect(trpcError(res.body).data.errorCode).toBe("INPUT_TOO_DEEP");
  });
});

describe("headers", () => {
  it("marks token responses and every /api/trpc answer no-store", async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const { refreshToken } = (JSON.parse(res.body) as { result: { data: { json: { refreshToken: string } } } }).result.data.json;
    const refreshed = await send(jsonPost("/api/trpc/auth.refresh", { refreshToken }));
    const failed = await send({ path: "/api/trpc/auth.me" });
    for (const r of [res, refreshed, failed]) {
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
      expect(r.headers["cache-control"]).toBe("no-store");
      expect(r.headers.pragma).toBe("no-cache");
    }
  });

  it("marks next-auth's session and CSRF responses no-store", async () => {
    const cookie = await webSessionCookie(app.url);
    for (const path of ["/api/auth/session", "/api/auth/csrf"]) {
      const res = await send({ path, headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers.pragma).toBe("no-cache");
    }
  });

  it("sends HSTS in production", async () => {
    for (const path of ["/login", "/api/health", "/api/trpc/auth.me"]) {
      const res = await send({ path });
      expect(res.headers["strict-transport-security"], path).toMatch(/max-age=\d{7,}/);
    }
  });

  it.each(["/unauthorized", "/login", "/no-such-page"])("puts the request's CSP nonce on every script of %s", async (path) => {
    const res = await send({ path });
    expect(res.status).toBeLessThan(500);
    const nonce = /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))?.[1];
    expect(nonce, "CSP nonce").toBeTruthy();
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce per request: nothing about the page is cached.
    const again = await send({ path });
    expect(/'nonce-([^']+)'/.exec(String(again.headers["content-security-policy"]))?.[1]).not.toBe(nonce);
  });

  it("refuses cookie-authenticated mutations without Sec-Fetch-Site unless Origin is this host", async () => {
    const cookie = await webSessionCookie(app.url);
    const host = new URL(app.url).host;
    for (const origin of ["null", "https://evil.example", undefined]) {
      const res = await send(jsonPost("/api/trpc/auth.logout", undefined, { cookie, host, ...(origin ? { origin } : {}) }));
      expect(res.status, `origin ${origin}`).toBe(403);
      expect(trpcError(res.body).data.errorCode).toBe("ORIGIN_REFUSED");
    }
    const same = await send(jsonPost("/api/trpc/auth.sessions.revokeOthers", undefined, { cookie, host, origin: app.url }));
    expect(same.status).toBe(200);
    // Still signed in: none of the refused calls logged the session out.
    expect((await send({ path: "/api/trpc/auth.me", headers: { cookie } })).status).toBe(200);
  });
});
