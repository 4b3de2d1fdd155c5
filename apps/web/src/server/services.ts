// Builds the server-side services once per process (and once across dev hot reloads) from env, through
// the API package's composition root.
import { join } from "node:path";
import { createServices, type ApiServices, type HealthReport, type Services } from "@rotor/api";
import { rawEnv, readWebEnv } from "../env";
import { repoRoot } from "@rotor/db";

const globalForServices = globalThis as unknown as { rotorServices?: Promise<Services> };

function build(): Promise<Services> {
  const env = readWebEnv();
  return createServices({
    env: rawEnv(),
    databaseUrl: env.DATABASE_URL,
    production: env.NODE_ENV === "production",
    devDataDir: join(env.ROTOR_DATA_DIR ?? join(repoRoot, ".data"), "keys"),
    poolSize: env.DATABASE_POOL_SIZE,
  });
}

function getAll(): Promise<Services> {
  globalForServices.rotorServices ??= build().catch((error: unknown) => {
    // Do not cache a failed start: the next request tries again (e.g. the database came up).
    globalForServices.rotorServices = undefined;
    throw error;
  });
  return globalForServices.rotorServices;
}

export async function getServices(): Promise<ApiServices> {
  return (await getAll()).services;
}

export async function getHealth(): Promise<HealthReport> {
  return (await getAll()).health();
}
