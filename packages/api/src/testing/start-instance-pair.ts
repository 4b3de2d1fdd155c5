// Two API server processes sharing one fresh PostgreSQL database (seeded with the demo accounts) and one
// real Redis, each built from env by createServices like a production instance. For multi-instance tests
// and benchmarks. Always call stop().
import { randomBytes } from "node:crypto";
import { base64url } from "jose";
import { generateSigningJwk } from "@rotor/auth";
import { seedDemoData } from "@rotor/db";
import { createTestDatabase, type TestDatabase } from "@rotor/db/testing";
import { startRedisServer } from "@rotor/store/testing";
import { spawnApiProcess, type ApiProcess } from "./spawn-api-process.ts";

export interface InstancePair {
  a: ApiProcess;
  b: ApiProcess;
  redis: Awaited<ReturnType<typeof startRedisServer>>;
  db: TestDatabase;
  /** The instances' environment, to start more instances of the same system (e.g. on a fixed API_PORT). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startInstancePair(options: { adminUrl: string; redisBinary?: string; env?: Record<string, string> }): Promise<InstancePair> {
  const redis = await startRedisServer(options.redisBinary ? { binary: options.redisBinary } : {});
  const db = await createTestDatabase(options.adminUrl);
  await seedDemoData(db.prisma);
  const env = {
    DATABASE_URL: db.connectionString,
    REDIS_URL: redis.url,
    AUTH_JWKS: JSON.stringify({ keys: [await generateSigningJwk()] }),
    AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(randomBytes(32)),
    // Cache "not revoked" answers on each instance: only pub/sub invalidation can make B see a revocation fast.
    REVOCATION_CACHE_TTL_MS: "60000",
    RATE_LIMIT_KEY_PREFIX: `rl-${randomBytes(4).toString("hex")}`,
    ...options.env,
  };
  const [a, b] = await Promise.all([spawnApiProcess(env), spawnApiProcess(env)]);
  return {
    a,
    b,
    redis,
    db,
    env,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
      await db.drop();
    },
  };
}
