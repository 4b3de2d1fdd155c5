// The only place the web app reads process.env (auth and store settings are parsed by @rotor/auth and
// @rotor/store from the same object, handed over through rawEnv()).
import { join } from "node:path";
import proxyaddr from "proxy-addr";
import { z } from "zod";
import { repoRoot } from "@rotor/db";

export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (pnpm dev/start set it for the embedded database)"),
  /** Where development secrets live; the repo's git-ignored .data folder by default. */
  ROTOR_DATA_DIR: z.string().min(1).optional(),
  /** pg pool size per app instance. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /**
   * Bearer token that opens GET /api/metrics to any address; unset, only loopback clients may read it.
   * 32+ characters, so it cannot be guessed.
   */
  METRICS_TOKEN: z.string().min(32, "at least 32 characters").optional(),
});

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const sessionEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  ROTOR_DATA_DIR: z.string().min(1).optional(),
  /** Encrypts the session cookie (next-auth also reads NEXTAUTH_SECRET). At least 32 characters. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** `Secure` cookies (and the `__Secure-` name prefix). Default: on in production. */
  AUTH_SECURE_COOKIES: flag.optional(),
});

/**
 * Which peers may tell us the client's address through X-Forwarded-For. Unset (or `false`/`0`): none, the
 * socket address is the client. A number: that many proxy hops in front of the app, each appending to the
 * header. Otherwise a comma-separated list of proxy addresses or CIDR ranges (`loopback`, `linklocal`,
 * `uniquelocal` allowed as in proxy-addr).
 */
export type TrustProxy = { kind: "none" } | { kind: "hops"; count: number } | { kind: "addresses"; list: string[] };

const trustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): TrustProxy => {
    if (!value || value === "false" || value === "0") return { kind: "none" };
    if (/^\d+$/.test(value)) return { kind: "hops", count: Number(value) };
    const list = value.split(",").map((entry) => entry.trim()).filter(Boolean);
    try {
      proxyaddr.compile(list);
    } catch {
      ctx.addIssue({ code: "custom", message: "TRUST_PROXY must be a hop count or a comma-separated list of IP addresses/CIDR ranges" });
      return z.NEVER;
    }
    return { kind: "addresses", list };
  });

const proxyEnvSchema = z.object({ TRUST_PROXY: trustProxySchema });

/**
 * How many processes `pnpm start` serves with: a number, or `auto` for one per core. More than one needs
 * REDIS_URL (list-startup-problems.ts says so), since revocations and rate limits must be shared.
 */
export const workersEnvSchema = z.object({
  ROTOR_WORKERS: z
    .union([z.literal("auto"), z.coerce.number().int().min(1).max(64)], { error: "a number of workers (1-64) or `auto` (one per core)" })
    .default(1),
});

const hostEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; every interface when unset. */
  ROTOR_HOST: z.string().trim().min(1).optional(),
  TRUST_PROXY: trustProxySchema,
}).extend(workersEnvSchema.shape);

export type WebEnv = z.infer<typeof webEnvSchema>;
export type SessionEnv = z.infer<typeof sessionEnvSchema>;

export function readWebEnv(): WebEnv {
  return webEnvSchema.parse(process.env);
}

/** The web host's settings (server/main.ts); TRUST_PROXY is parsed here too so a bad value stops the start. */
export function readHostEnv() {
  return hostEnvSchema.parse(process.env);
}

export function readTrustProxy(): TrustProxy {
  return proxyEnvSchema.parse(process.env).TRUST_PROXY;
}

/** The web session's settings; parsed apart from readWebEnv so pages need no DATABASE_URL to read them. */
export function readSessionEnv(): SessionEnv {
  return sessionEnvSchema.parse(process.env);
}

export function rawEnv(): Record<string, string | undefined> {
  return process.env;
}

/**
 * Development only: next-auth builds its URLs from NEXTAUTH_URL and otherwise assumes port 3000, so
 * `PORT=3100 pnpm dev` would send sign-in redirects to the wrong port. Production states its public URL
 * (NEXTAUTH_URL, or AUTH_TRUST_HOST behind a proxy that sets the Host header).
 */
export function applyDevelopmentDefaults(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === "production" || env.NEXTAUTH_URL) return;
  const port = z.coerce.number().int().min(1).max(65_535).catch(3000).parse(env.PORT ?? 3000);
  env.NEXTAUTH_URL = `http://localhost:${port}`;
}

/** Folder for generated development secrets (signing keys, cookie secret). */
export function devKeysDir(env: { ROTOR_DATA_DIR?: string | undefined } = readSessionEnv()): string {
  return join(/* turbopackIgnore: true */ env.ROTOR_DATA_DIR ?? join(repoRoot, ".data"), "keys");
}
