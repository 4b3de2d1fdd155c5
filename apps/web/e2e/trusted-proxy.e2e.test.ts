// Client IPs against the production build: a client cannot choose its address with X-Forwarded-For (or
// the web host's internal header) unless it came through a proxy the operator declared in TRUST_PROXY; a
// real nginx hop in front is honoured. The address is read where it lands: the session row and the
// per-IP login limit (whose 429 carries Retry-After).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { jsonPost, rawRequest, trpcError, type RawRequest, type RawResponse } from "./support/http-probe";
import { NGINX_PATH, startNginx, type Nginx } from "./support/start-nginx";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";

// CI installs nginx (.ci/run); a developer machine without it skips loudly.
if (!NGINX_PATH && process.env.CI) throw new Error("nginx is required in CI");
const describeWithNginx = NGINX_PATH ? describe : describe.skip;
if (!NGINX_PATH) console.warn("[trusted-proxy] nginx not installed: the proxy-hop tests are SKIPPED");

const who = DEMO_CREDENTIALS.acmeUser;
const loginRequest = (headers: Record<string, string> = {}, password: string = who.password): RawRequest =>
  jsonPost("/api/trpc/auth.login", { tenant: who.tenant, email: who.email, password }, headers);

/** Signs in and returns the IP address the server stored on the new session. */
async function sessionIp(server: E2eServer, baseUrl: string, options: { headers?: Record<string, string>; localAddress?: string }) {
  const res = await rawRequest(baseUrl, { ...loginRequest(options.headers), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  expect(res.status, res.body).toBe(200);
  const { accessToken } = (JSON.parse(res.body) as { result: { data: { json: { accessToken: string } } } }).result.data.json;
  // The claims only (no verification needed here): which session did the login create?
  const { sid } = JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString("utf8")) as { sid: string };
  return (await server.db.prisma.session.findUniqueOrThrow({ where: { id: sid } })).ip;
}

describe("no TRUST_PROXY: the socket is the client", () => {
  let app: E2eServer;
  beforeAll(async () => {
    app = await startE2eServer({ RATE_LIMIT_DISABLED: "false", RATE_LIMIT_LOGIN_IP_POINTS: "3", RATE_LIMIT_LOGIN_ACCOUNT_POINTS: "1000" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("ignores X-Forwarded-For, X-Real-IP and the internal peer header sent by a client", async () => {
    const ip = await sessionIp(app, app.url, {
      localAddress: "127.0.0.7",
      headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", "x-rotor-peer-address": "8.8.8.8" },
    });
    expect(ip).toBe("127.0.0.7");
  });

  it("keeps the per-IP login limit however X-Forwarded-For changes, and says when to retry", async () => {
    const responses: RawResponse[] = [];
    for (let i = 0; i < 6; i++) {
      responses.push(await rawRequest(app.url, { ...loginRequest({ "x-forwarded-for": `203.0.113.${i + 1}` }, "wrong-password"), localAddress: "127.0.0.9" }));
    }
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 429, 429, 429]);
    const last = responses[5]!;
    const error = trpcError(last.body);
    expect(error.data.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(last.headers["retry-after"])).toBe(Math.max(1, Math.ceil(error.data.retryAfterMs! / 1000)));
    // Another source address has a bucket of its own.
    const other = await rawRequest(app.url, { ...loginRequest({}, "wrong-password"), localAddress: "127.0.0.10" });
    expect(other.status).toBe(401);
  });
});

describeWithNginx("TRUST_PROXY with a real nginx hop", () => {
  let app: E2eServer;
  let nginx: Nginx;
  beforeAll(async () => {
    // nginx connects to the app from 127.0.0.1: that one address is the declared proxy.
    app = await startE2eServer({ TRUST_PROXY: "127.0.0.1/32" });
    nginx = await startNginx(app.url);
  });
  afterAll(async () => {
    await nginx?.stop();
    await app?.stop();
  });

  it("takes the address nginx saw, not what the client put in X-Forwarded-For", async () => {
    expect(await sessionIp(app, nginx.url, { localAddress: "127.0.0.5", headers: { "x-forwarded-for": "6.6.6.6" } })).toBe("127.0.0.5");
    expect(await sessionIp(app, nginx.url, { localAddress: "127.0.0.6" })).toBe("127.0.0.6");
  });

  it("still ignores X-Forwarded-For from a peer that is not the declared proxy", async () => {
    expect(await sessionIp(app, app.url, { localAddress: "127.0.0.8", headers: { "x-forwarded-for": "6.6.6.6" } })).toBe("127.0.0.8");
  });
});

describeWithNginx("TRUST_PROXY as a hop count", () => {
  let app: E2eServer;
  let nginx: Nginx;
  beforeAll(async () => {
    app = await startE2eServer({ TRUST_PROXY: "1" });
    nginx = await startNginx(app.url);
  });
  afterAll(async () => {
    await nginx?.stop();
    await app?.stop();
  });

  it("skips exactly one hop from the right", async () => {
    expect(await sessionIp(app, nginx.url, { localAddress: "127.0.0.5", headers: { "x-forwarded-for": "6.6.6.6, 7.7.7.7" } })).toBe("127.0.0.5");
  });
});
