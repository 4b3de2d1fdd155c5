// @rotor/verify as another team runs it: packed, npm-installed outside the workspace, in a plain Node resource
// server process of its own, against real Rotor API processes (PostgreSQL, Redis). A token is accepted while
// its session lives; after a logout or a reuse detection on Rotor it is refused through each source (Redis,
// the revocation feed), and the feed misses nothing across a Rotor restart or a resource-server restart.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createServiceCredentials } from "@rotor/auth";
import { DEMO_PASSWORD } from "@rotor/db";
import { findFreePort } from "@rotor/db/testing";
import { apiClient, spawnApiProcess, spawnResourceServer, startInstancePair, type ApiProcess, type InstancePair, type ResourceServer } from "@rotor/api/testing";
import { requireRedisServer } from "@rotor/store/testing";

const redisRequirement = requireRedisServer("resource-server revocation through Redis and the feed");

let pair: InstancePair;
/** The Rotor instance serving the feed, on a fixed port so it can be restarted where the feed expects it. */
let feedRotor: ApiProcess;
let feedPort: number;
let credential: string;
let viaRedis: ResourceServer;
let viaFeed: ResourceServer;
let viaNone: ResourceServer;

const login = () => apiClient(pair.a.url).auth.login.mutate({ tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD });
const startFeedRotor = () => spawnApiProcess({ ...pair.env, API_PORT: String(feedPort) });
const startViaFeed = () => spawnResourceServer({ rotorOrigin: feedRotor.origin, source: "feed", credential });

/** Polls until the server refuses the token; the time-out is only a safety net, many times the expected delay. */
async function refusal(server: ResourceServer, token: string, safetyNetMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const result = await server.check(token);
    if (result.status !== 200) return result;
    if (Date.now() - started > safetyNetMs) throw new Error(`${server.origin} still accepts the token`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!redisRequirement.available)("@rotor/verify in a resource server, against Rotor over HTTP", () => {
  beforeAll(async () => {
    pair = await startInstancePair({
      adminUrl: inject("rotorPgUrl"),
      redisBinary: redisRequirement.binary,
      // Reuse detection without waiting out the 10 s reuse interval.
      env: { RATE_LIMIT_DISABLED: "true", AUTH_REFRESH_REUSE_INTERVAL: "0" },
    });
    feedPort = await findFreePort();
    feedRotor = await startFeedRotor();
    credential = (await createServiceCredentials({ prisma: pair.db.prisma, clock: Date.now }).create({ name: "resource server", tenantId: null, actor: null, meta: {} }))
      .bearer;
    [viaRedis, viaFeed, viaNone] = await Promise.all([
      spawnResourceServer({ rotorOrigin: pair.a.origin, source: "redis", redisUrl: pair.redis.url }),
      startViaFeed(),
      spawnResourceServer({ rotorOrigin: pair.a.origin, source: "none" }),
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([viaRedis?.stop(), viaFeed?.stop(), viaNone?.stop(), feedRotor?.stop()]);
    await pair?.stop();
  });

  it("accepts a live token; after auth.logout on Rotor it is refused through Redis and through the feed", async () => {
    const pair1 = await login();
    for (const server of [viaRedis, viaFeed, viaNone]) expect(await server.check(pair1.accessToken)).toMatchObject({ status: 200, code: null });
    // Logged out on instance B: the resource servers hear of it only through Redis or the feed.
    await apiClient(pair.b.url, pair1.accessToken).auth.logout.mutate();
    expect(await refusal(viaRedis, pair1.accessToken)).toEqual({ status: 401, code: "SESSION_REVOKED", sessionId: null });
    expect(await refusal(viaFeed, pair1.accessToken)).toEqual({ status: 401, code: "SESSION_REVOKED", sessionId: null });
    // Documented: without a source the token stays valid until it expires.
    expect(await viaNone.check(pair1.accessToken)).toMatchObject({ status: 200 });
  });

  it("refuses the session's tokens after Rotor detects refresh-token reuse", async () => {
    const first = await login();
    const second = await apiClient(pair.a.url).auth.refresh.mutate({ refreshToken: first.refreshToken });
    expect(await viaFeed.check(second.accessToken)).toMatchObject({ status: 200 });
    const reused = await apiClient(pair.a.url)
      .auth.refresh.mutate({ refreshToken: first.refreshToken })
      .then(
        () => null,
        (e: { data?: { authCode?: string } }) => e.data?.authCode,
      );
    expect(reused).toBe("REFRESH_TOKEN_REUSED");
    for (const server of [viaRedis, viaFeed]) expect(await refusal(server, second.accessToken)).toMatchObject({ status: 401, code: "SESSION_REVOKED" });
  });

  it("the feed refuses a missing, unknown or revoked credential with a fixed 401", async () => {
    const url = `${feedRotor.origin}/api/revocations/stream`;
    const credentials = createServiceCredentials({ prisma: pair.db.prisma, clock: Date.now });
    const revoked = await credentials.create({ name: "old", tenantId: null, actor: null, meta: {} });
    await credentials.revoke({ id: revoked.id, tenantId: null, actor: null, meta: {} });
    for (const header of [undefined, "Bearer nope", `Bearer ${credential}x`, `Bearer ${revoked.bearer}`]) {
      const response = await fetch(url, { headers: header ? { authorization: header } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.json()).toEqual({ error: { code: "SERVICE_CREDENTIAL_INVALID", message: "Service credential missing, unknown or revoked" } });
    }
  });

  it("the feed reconnects after Rotor restarts and gets a revocation made while it was down", async () => {
    const live = await login();
    expect(await viaFeed.check(live.accessToken)).toMatchObject({ status: 200 });
    await feedRotor.stop();
    // Revoked on another instance while the feed's instance is down: no live event can carry it.
    await apiClient(pair.a.url, live.accessToken).auth.logout.mutate();
    feedRotor = await startFeedRotor();
    expect(await refusal(viaFeed, live.accessToken)).toMatchObject({ status: 401, code: "SESSION_REVOKED" });
  });

  it("a resource server restarted after a revocation refuses the token from its first request (snapshot on connect)", async () => {
    const live = await login();
    expect(await viaFeed.check(live.accessToken)).toMatchObject({ status: 200 });
    await viaFeed.stop();
    await apiClient(pair.a.url, live.accessToken).auth.logout.mutate();
    viaFeed = await startViaFeed();
    expect(await viaFeed.check(live.accessToken)).toMatchObject({ status: 401, code: "SESSION_REVOKED" });
  });
});
