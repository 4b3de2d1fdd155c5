// @rotor/verify in resource servers (the packed package, npm-installed outside the workspace, own processes):
// (1) how long after a logout on Rotor a resource server refuses the session's access token, through each
// revocation source (Redis; the SSE revocation feed), and (2) what one verification costs in the resource
// server's process (cold: signature checked; cached: verified-token cache), next to raw jose.jwtVerify.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { createServiceCredentials } from "@rotor/auth";
import { DEMO_PASSWORD } from "@rotor/db";
import { apiClient, installPackedVerify, spawnResourceServer, startInstancePair, type ResourceServer } from "@rotor/api/testing";
import { isRedisServerAvailable } from "@rotor/store/testing";
import type * as Verify from "@rotor/verify";
import type { BenchResult } from "../report.ts";
import { median, percentile, round } from "../stats.ts";

const NAME = "Revocation reaching resource servers (@rotor/verify)";

/** Polls until the server refuses the token; returns the refusal time (performance.now()). */
async function refusedAt(server: ResourceServer, token: string, safetyNetMs = 10_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { status } = await server.check(token);
    if (status !== 200) return performance.now();
    if (performance.now() - started > safetyNetMs) throw new Error(`${server.origin} did not refuse within ${safetyNetMs} ms`);
  }
}

async function perCallMicros(iterations: number, fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return ((performance.now() - start) * 1000) / iterations;
}

const stats = (label: string, delays: number[]) => ({
  [`${label} p50 ms`]: round(median(delays), 1),
  [`${label} p99 ms`]: round(percentile(delays, 99), 1),
  [`${label} max ms`]: round(Math.max(...delays), 1),
});

export async function benchVerifyPropagation(adminUrl: string, samples = Number(process.env.BENCH_VERIFY_SAMPLES ?? 100)): Promise<BenchResult> {
  if (!isRedisServerAvailable()) return { name: NAME, metrics: { skipped: "redis-server is not installed" } };
  const pair = await startInstancePair({ adminUrl, env: { RATE_LIMIT_DISABLED: "true" } });
  const servers: ResourceServer[] = [];
  try {
    const credential = (await createServiceCredentials({ prisma: pair.db.prisma, clock: Date.now }).create({ name: "bench", tenantId: null, actor: null, meta: {} }))
      .bearer;
    const [viaRedis, viaFeed] = await Promise.all([
      spawnResourceServer({ rotorOrigin: pair.a.origin, source: "redis", redisUrl: pair.redis.url }),
      spawnResourceServer({ rotorOrigin: pair.a.origin, source: "feed", credential }),
    ]);
    servers.push(viaRedis, viaFeed);

    // (1) logout on instance B -> refusal by each resource server, both polled at once.
    const redisDelays: number[] = [];
    const feedDelays: number[] = [];
    /** The logout request alone, for scale: a refusal cannot come much before Rotor commits the revocation. */
    const logoutDelays: number[] = [];
    for (let i = 0; i < samples; i++) {
      const tokens = await apiClient(pair.a.url).auth.login.mutate({ tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD });
      const before = await Promise.all([viaRedis.check(tokens.accessToken), viaFeed.check(tokens.accessToken)]);
      if (before.some((r) => r.status !== 200)) throw new Error(`a live token was refused: ${JSON.stringify(before)}`);
      const start = performance.now();
      const logout = apiClient(pair.b.url, tokens.accessToken)
        .auth.logout.mutate()
        .then(() => performance.now());
      const [redisAt, feedAt, loggedOutAt] = await Promise.all([refusedAt(viaRedis, tokens.accessToken), refusedAt(viaFeed, tokens.accessToken), logout]);
      redisDelays.push(redisAt - start);
      feedDelays.push(feedAt - start);
      logoutDelays.push(loggedOutAt - start);
    }

    // (2) verification cost, in this process, of the same packed build the resource servers run.
    const dir = await installPackedVerify();
    const verify = (await import(pathToFileURL(join(dir, "node_modules", "@rotor", "verify", "dist", "index.js")).href)) as typeof Verify;
    const jwksUrl = `${pair.a.origin}/.well-known/jwks.json`;
    const base = { issuer: "rotor", audience: "rotor-api", jwksUrl, onWarning: () => undefined };
    const cold = verify.createVerifier({ ...base, revocation: { source: "none" }, cacheSize: 0 });
    const cached = verify.createVerifier({ ...base, revocation: { source: "none" } });
    const cachedFeed = verify.createVerifier({ ...base, revocation: { source: "feed", url: `${pair.a.origin}/api/revocations/stream`, credential } });
    await cachedFeed.ready();
    const { accessToken } = await apiClient(pair.a.url).auth.login.mutate({ tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD });
    const keys = createLocalJWKSet((await (await fetch(jwksUrl)).json()) as JSONWebKeySet);
    const raw = () => jwtVerify(accessToken, keys, { algorithms: ["ES256"], issuer: "rotor", audience: "rotor-api", typ: "at+jwt" });
    for (let i = 0; i < 200; i++) await Promise.all([raw(), cold.verify(accessToken), cached.verify(accessToken), cachedFeed.verify(accessToken)]);
    const cost = { raw: [] as number[], cold: [] as number[], cached: [] as number[], feed: [] as number[] };
    for (let round = 0; round < 15; round++) {
      cost.raw.push(await perCallMicros(300, raw));
      cost.cold.push(await perCallMicros(300, () => cold.verify(accessToken)));
      cost.cached.push(await perCallMicros(3000, () => cached.verify(accessToken)));
      cost.feed.push(await perCallMicros(3000, () => cachedFeed.verify(accessToken)));
    }
    await Promise.all([cold.close(), cached.close(), cachedFeed.close()]);

    const worst = Math.max(...redisDelays, ...feedDelays);
    return {
      name: NAME,
      goal: "a logout on Rotor refused by every resource server within 1 s (max over all samples, each source)",
      met: worst < 1000,
      metrics: {
        ...stats("Redis source: logout -> refusal", redisDelays),
        ...stats("feed source: logout -> refusal", feedDelays),
        "auth.logout round trip p50 ms": round(median(logoutDelays), 1),
        "samples per source": samples,
        "raw jose.jwtVerify median µs": round(median(cost.raw), 1),
        "verify, cold (signature checked) median µs": round(median(cost.cold), 1),
        "verify, cached median µs": round(median(cost.cached), 2),
        "verify, cached + feed revocation check median µs": round(median(cost.feed), 2),
        "ratio cold / raw": round(median(cost.cold) / median(cost.raw), 3),
      },
      notes:
        "Propagation: from sending auth.logout to Rotor instance B until each resource server (its own process, the packed " +
        "@rotor/verify) refuses the token, both polled back to back over HTTP; includes the logout request and one poll round trip. " +
        "The Redis source reads Rotor's revocation key on each request (one GET); the feed source answers from memory, fed by " +
        "the SSE stream from instance A (which hears of B's logout through Redis pub/sub). Cost: per call in one process, " +
        "interleaved rounds, the Redis source's cost is one GET round trip on top of 'cached'.",
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pair.stop();
  }
}
