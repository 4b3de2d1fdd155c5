// What authenticating one request costs: access-token verification plus the revocation check, with the
// revocation list in Redis, in-process, and with no check at all, interleaved round by round in one run.
// The database guard (the fallback when Redis is down) is measured alongside for scale.
import { createDatabaseSessionGuard, createRevocationGuard, createTokenService, generateSigningJwk, importKeySet, type SessionGuard } from "@rotor/auth";
import { DEMO_PASSWORD, seedDemoData } from "@rotor/db";
import { createTestDatabase } from "@rotor/db/testing";
import { createMemoryStore, createRedisStore, createRevocationList, type KeyValueStore } from "@rotor/store";
import { isRedisServerAvailable, startRedisServer } from "@rotor/store/testing";
import type { BenchResult } from "../report.ts";
import { median, round } from "../stats.ts";

const lifetimes = {
  accessTokenTtl: 900,
  refreshTokenTtl: 604800,
  sessionMaxAge: 2592000,
  refreshReuseInterval: 10,
  clockTolerance: 5,
  issuer: "rotor-bench",
  audience: "rotor-bench-api",
};

export async function benchAuthMiddleware(adminUrl: string, rounds = 15, iterations = 300): Promise<BenchResult> {
  if (!isRedisServerAvailable()) {
    return { name: "Auth middleware cost per request", metrics: { skipped: "redis-server is not installed" } };
  }
  const redisServer = await startRedisServer();
  const db = await createTestDatabase(adminUrl);
  const stores: KeyValueStore[] = [];
  try {
    await seedDemoData(db.prisma);
    const keySet = await importKeySet({ keys: [await generateSigningJwk()] });
    const base = { prisma: db.prisma, sql: db.pool, keySet, refreshEncryptionKey: new Uint8Array(32), lifetimes };
    const guardWith = async (store: KeyValueStore): Promise<SessionGuard> => {
      stores.push(store);
      const guard = createRevocationGuard({ prisma: db.prisma, sql: db.pool, clock: Date.now, lifetimes, revocations: createRevocationList({ store }) });
      await guard.resync();
      return guard.sessionGuard;
    };
    const services = {
      none: createTokenService(base),
      memory: createTokenService({ ...base, sessionGuard: await guardWith(createMemoryStore()) }),
      redis: createTokenService({ ...base, sessionGuard: await guardWith(createRedisStore({ url: redisServer.url })) }),
      database: createTokenService({ ...base, sessionGuard: createDatabaseSessionGuard({ sql: db.pool, clock: Date.now }) }),
    };
    const { accessToken } = await services.none.login({ tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD, meta: {} });
    const variants: [keyof typeof services, () => Promise<unknown>][] = [
      ["none", () => services.none.verifyAccessToken(accessToken)],
      ["memory", () => services.memory.authenticate(accessToken)],
      ["redis", () => services.redis.authenticate(accessToken)],
      ["database", () => services.database.authenticate(accessToken)],
    ];
    const samples = Object.fromEntries(variants.map(([name]) => [name, [] as number[]])) as Record<keyof typeof services, number[]>;
    for (const [, run] of variants) for (let i = 0; i < 200; i++) await run();
    for (let r = 0; r < rounds; r++) {
      for (const [name, run] of variants) {
        const start = performance.now();
        for (let i = 0; i < iterations; i++) await run();
        samples[name].push(((performance.now() - start) * 1000) / iterations);
      }
    }
    const us = (name: keyof typeof services) => median(samples[name]);
    const redisAddsMs = (us("redis") - us("none")) / 1000;
    return {
      name: "Auth middleware cost per request (verify + revocation check)",
      goal: "the Redis check adds <= 0.3 ms",
      met: redisAddsMs <= 0.3,
      metrics: {
        "verify only, no revocation check, median µs": round(us("none"), 1),
        "verify + in-process revocation list, median µs": round(us("memory"), 1),
        "verify + Redis revocation list, median µs": round(us("redis"), 1),
        "verify + database lookup (fallback), median µs": round(us("database"), 1),
        "Redis check adds, ms": round(redisAddsMs, 3),
        "in-process check adds, ms": round((us("memory") - us("none")) / 1000, 3),
        rounds,
      },
      notes: "Same access token each call (as a session's requests are), so verification is served by the verified-token cache.",
    };
  } finally {
    for (const store of stores) await store.close();
    await db.drop();
    await redisServer.stop();
  }
}
