// Two API server processes sharing one PostgreSQL and one real Redis: revocation reaches the other
// instance within a second, rate limits are shared, and a Redis outage degrades without a single 500.
import { randomBytes } from "node:crypto";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { base64url } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateSigningJwk } from "@rotor/auth";
import { DEMO_PASSWORD, seedDemoData } from "@rotor/db";
import { createTestDatabase, type TestDatabase } from "@rotor/db/testing";
import { requireRedisServer, startRedisServer } from "@rotor/store/testing";
import type { AppRouter } from "../root.ts";
import { spawnApiProcess, type ApiProcess } from "../testing/spawn-api-process.ts";

const redisRequirement = requireRedisServer("multi-instance revocation and rate limits");

type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;
let redis: RedisServer;
let db: TestDatabase;
let a: ApiProcess;
let b: ApiProcess;

const client = (url: string, token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url, transformer: superjson, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
const login = (url: string, email = "user@acme.test", password = DEMO_PASSWORD) =>
  client(url).auth.login.mutate({ tenant: "acme", email, password });
const errorData = (e: unknown) => (e instanceof TRPCClientError ? (e.data as { code: string; httpStatus: number; authCode: string | null; retryAfterMs: number | null }) : null);

describe.skipIf(!redisRequirement.available)("two instances, one Redis", () => {
  beforeAll(async () => {
    redis = await startRedisServer({ binary: redisRequirement.binary });
    db = await createTestDatabase(inject("rotorPgUrl"));
    await seedDemoData(db.prisma);
    const env = {
      DATABASE_URL: db.connectionString,
      REDIS_URL: redis.url,
      AUTH_JWKS: JSON.stringify({ keys: [await generateSigningJwk()] }),
      AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(randomBytes(32)),
      // Cache "not revoked" answers on each instance: only pub/sub invalidation can make B see a revocation fast.
      REVOCATION_CACHE_TTL_MS: "60000",
      RATE_LIMIT_KEY_PREFIX: `rl-${randomBytes(4).toString("hex")}`,
      RATE_LIMIT_LOGIN_ACCOUNT_POINTS: "3",
      RATE_LIMIT_LOGIN_ACCOUNT_WINDOW: "60",
    };
    [a, b] = await Promise.all([spawnApiProcess(env), spawnApiProcess(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await db?.drop();
  });

  it("a revocation on instance A is honoured by instance B within 1 s (measured)", async () => {
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const pair = await login(a.url, "manager@acme.test");
      const onB = client(b.url, pair.accessToken);
      await onB.auth.me.query(); // B has now cached "not revoked" for this session
      const revokedAt = performance.now();
      await client(a.url, pair.accessToken).auth.logout.mutate();
      for (;;) {
        const error = await onB.auth.me.query().then(() => null, (e: unknown) => e);
        if (error) {
          expect(errorData(error)).toMatchObject({ httpStatus: 401, authCode: "SESSION_REVOKED" });
          break;
        }
        expect(performance.now() - revokedAt).toBeLessThan(1000);
        await new Promise((r) => setTimeout(r, 2));
      }
      delays.push(performance.now() - revokedAt);
    }
    delays.sort((x, y) => x - y);
    console.log(`[revocation propagation A->B] median ${delays[5]!.toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms`);
    expect(delays.at(-1)).toBeLessThan(1000);
  });

  it("login limits hold across both instances", async () => {
    const attempts = [a, b, a, b].map((server) => () => login(server.url, "admin@acme.test", "wrong-password"));
    const results: (ReturnType<typeof errorData>)[] = [];
    for (const attempt of attempts) results.push(errorData(await attempt().catch((e: unknown) => e)));
    expect(results.slice(0, 3).map((r) => r?.authCode)).toEqual(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS"]);
    expect(results[3]).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
    expect(results[3]?.retryAfterMs).toBeGreaterThan(0);
    const audit = await db.prisma.auditEvent.findFirst({ where: { type: "rate-limited" } });
    expect(audit?.details).toMatchObject({ limiter: "login-account" });
  });

  it("Redis stopped mid-run: sign-in, refresh and checks keep working, revocation still holds, health degrades; then recovers", async () => {
    const before = await login(a.url);
    const victim = await login(a.url);
    await redis.stop();
    try {
      const health = (await (await fetch(`${a.origin}/api/health`)).json()) as { status: string; redis: { status: string } };
      expect(health).toMatchObject({ status: "degraded", redis: { status: "degraded" } });
      const during = await login(b.url);
      await expect(client(b.url, during.accessToken).auth.me.query()).resolves.toMatchObject({ email: "user@acme.test" });
      const rotated = await client(a.url).auth.refresh.mutate({ refreshToken: before.refreshToken });
      await expect(client(b.url, rotated.accessToken).auth.me.query()).resolves.toBeDefined();
      // Revoked while Redis is down: B falls back to the database and refuses the token.
      await client(a.url, victim.accessToken).auth.logout.mutate();
      const refused = await client(b.url, victim.accessToken).auth.me.query().catch((e: unknown) => e);
      expect(errorData(refused)).toMatchObject({ httpStatus: 401, authCode: "SESSION_REVOKED" });
    } finally {
      await redis.restart();
    }
    // Redis is back, empty: the revocation made during the outage is still honoured by both instances.
    for (let i = 0; i < 100; i++) {
      const health = (await (await fetch(`${b.origin}/api/health`)).json()) as { status: string };
      if (health.status === "ok") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const server of [a, b]) {
      const refused = await client(server.url, victim.accessToken).auth.me.query().catch((e: unknown) => e);
      expect(errorData(refused)).toMatchObject({ httpStatus: 401, authCode: "SESSION_REVOKED" });
    }
    const after = await login(b.url);
    await expect(client(a.url, after.accessToken).auth.me.query()).resolves.toBeDefined();
  });
});
