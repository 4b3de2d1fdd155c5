// Builds the server-side services once per process (and once across dev hot reloads) from env.
import { join } from "node:path";
import { createPrismaClient } from "@rotor/db";
import { createTokenService, lifetimesFromEnv, parseAuthEnv, resolveAuthSecrets } from "@rotor/auth";
import type { ApiServices } from "@rotor/api";
import { rawEnv, readWebEnv } from "../env";
import { repoRoot } from "./repo-root";

const globalForServices = globalThis as unknown as { rotorServices?: Promise<ApiServices> };

async function buildServices(): Promise<ApiServices> {
  const env = readWebEnv();
  const authEnv = parseAuthEnv(rawEnv());
  const prisma = createPrismaClient({ connectionString: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE });
  const secrets = await resolveAuthSecrets({
    env: authEnv,
    production: env.NODE_ENV === "production",
    devDataDir: join(env.ROTOR_DATA_DIR ?? join(repoRoot(), ".data"), "keys"),
  });
  const tokens = createTokenService({
    prisma,
    keySet: secrets.keySet,
    refreshEncryptionKey: secrets.refreshEncryptionKey,
    lifetimes: lifetimesFromEnv(authEnv),
  });
  return { prisma, tokens };
}

export function getServices(): Promise<ApiServices> {
  globalForServices.rotorServices ??= buildServices().catch((error: unknown) => {
    // Do not cache a failed start: the next request tries again (e.g. the database came up).
    globalForServices.rotorServices = undefined;
    throw error;
  });
  return globalForServices.rotorServices;
}
