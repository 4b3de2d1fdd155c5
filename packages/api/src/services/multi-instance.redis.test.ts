// Two API server processes sharing one PostgreSQL and one real Redis: revocation reaches the other
// instance through pub/sub (its speed is measured by `pnpm bench`), rate limits are shared, and a Redis outage
// degrades without a single 500.
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@rotor/db";
import { requireRedisServer } from "@rotor/store/testing";
import { startInstancePair, type InstancePair } from "../testing/start-instance-pair.ts";
import { apiClient, measureRevocationPropagation } from "../testing/measure-revocation-propagation.ts";

const redisRequirement = requireRedisServer("multi-instance revocation and rate limits");

let pair: InstancePair;
let a: InstancePair["a"];
let b: InstancePair["b"];
let redis: InstancePair["redis"];
let db: InstancePair["db"];

const client = apiClient;
const login = (url: string, email = "user@acme.test", password = DEMO_PASSWORD) =>
  client(url).auth.login.mutate({ tenant: "acme", email, password });
const errorData = (e: unknown) => (e instanceof TRPCClientError ? (e.data as { code: string; httpStatus: number; authCode: string | null; retryAfterMs: number | null }) : null);

describe.skipIf(!redisRequirement.available)("two instances, one Redis", () => {
  beforeAll(async () => {
    pair = await startInstancePair({
      adminUrl: inject("rotorPgUrl"),
      redisBinary: redisRequirement.binary,
      env: { RATE_LIMIT_LOGIN_ACCOUNT_POINTS: "3", RATE_LIMIT_LOGIN_ACCOUNT_WINDOW: "60" },
    });
    ({ a, b, redis, db } = pair);
  }, 120_000);

  afterAll(async () => {
    await pair?.stop();
  });

  it("a revocation on instance A is honoured by instance B through pub/sub, despite B's minute-long cache", async () => {
    // B answers (and caches "not revoked" for REVOCATION_CACHE_TTL_MS = 60 s) before each logout on A, so a
    // refusal well inside that minute can only come from the invalidation message. How fast is `pnpm bench`'s
    // question (revocation-propagation); here a 30 s safety net only catches a hang.
    const samples = await measureRevocationPropagation(
      a.url,
      b.url,
      { tenant: "acme", email: "manager@acme.test", password: DEMO_PASSWORD },
      { samples: 10, timeoutMs: 30_000 },
    );
    expect(samples.map((s) => s.authCode)).toEqual(Array.from({ length: 10 }, () => "SESSION_REVOKED"));
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
