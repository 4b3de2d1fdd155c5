// Decides whether Redis-backed tests can run: missing redis-server skips them loudly on a
// developer machine and fails the run in CI (CI=true), where skipping would hide a broken setup.
import { parseTestingEnv } from "../env.ts";
import { isRedisServerAvailable } from "./start-redis-server.ts";

export interface RedisServerRequirement {
  available: boolean;
  /** Binary to pass to `startRedisServer({ binary })`. */
  binary: string;
}

export function requireRedisServer(suite: string): RedisServerRequirement {
  const env = parseTestingEnv();
  const binary = env.redisServerBin;
  if (isRedisServerAvailable(binary)) return { available: true, binary };
  const message =
    `redis-server ("${binary}") is not installed, so "${suite}" cannot run against a real Redis. ` +
    `Install it with: apt-get install -y redis-server (or set REDIS_SERVER_BIN).`;
  if (env.ci) throw new Error(`CI=true: ${message}`);
  console.warn(`\n${"!".repeat(100)}\n!! SKIPPED: ${message}\n${"!".repeat(100)}\n`);
  return { available: false, binary };
}
