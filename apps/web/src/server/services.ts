// Builds the server-side services once per process (and once across dev hot reloads) from env, through
// the API package's composition root.
import {
  createServices,
  type ApiLimits,
  type ApiServices,
  type CreateServicesOptions,
  type HealthReport,
  type OAuthEndpoints,
  type RevocationFeed,
  type Services,
} from "@rotor/api";
import { devKeysDir, rawEnv, readWebEnv } from "../env";

const globalForServices = globalThis as unknown as {
  rotorServices?: Promise<Services>;
  /** The same services once built, for callers that take them at once (getServicesAndLimits). */
  rotorServicesBuilt?: Services;
};

/** How this app builds its services from env (also used by the startup check in instrumentation.ts). */
export function servicesOptions(): CreateServicesOptions {
  const env = readWebEnv();
  return {
    env: rawEnv(),
    databaseUrl: env.DATABASE_URL,
    production: env.NODE_ENV === "production",
    devDataDir: devKeysDir(env),
    poolSize: env.DATABASE_POOL_SIZE,
  };
}

function build(): Promise<Services> {
  return createServices(servicesOptions());
}

function getAll(): Promise<Services> {
  globalForServices.rotorServices ??= build().then(
    (built) => (globalForServices.rotorServicesBuilt = built),
    (error: unknown) => {
      // Do not cache a failed start: the next request tries again (e.g. the database came up).
      globalForServices.rotorServices = undefined;
      throw error;
    },
  );
  return globalForServices.rotorServices;
}

/** Whether this process already holds services (the web host builds them before Next starts). */
export function hasServices(): boolean {
  return globalForServices.rotorServices !== undefined;
}

export async function getServices(): Promise<ApiServices> {
  return (await getAll()).services;
}

export async function getHealth(): Promise<HealthReport> {
  return (await getAll()).health();
}

export interface ServicesAndLimits {
  services: ApiServices;
  limits: ApiLimits;
}

/**
 * Both at once, for /api/trpc: once built, the services themselves (every request after the first, without
 * a promise of its own); before that, the build's promise.
 */
export function getServicesAndLimits(): ServicesAndLimits | Promise<ServicesAndLimits> {
  return globalForServices.rotorServicesBuilt ?? getAll();
}

export async function getRevocationFeed(): Promise<RevocationFeed> {
  return (await getAll()).revocationFeed;
}

export async function getOAuthEndpoints(): Promise<OAuthEndpoints> {
  return (await getAll()).oauth;
}
