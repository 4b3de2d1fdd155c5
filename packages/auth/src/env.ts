// The only place @rotor/auth reads environment variables: lifetimes, issuer and key material, validated with zod.
import { z } from "zod";
import { AuthConfigError } from "./errors.ts";

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const authEnvSchema = z.object({
  AUTH_ISSUER: z.string().min(1).default("rotor"),
  AUTH_AUDIENCE: z.string().min(1).default("rotor-api"),
  AUTH_ACCESS_TOKEN_TTL: seconds(15 * 60),
  AUTH_REFRESH_TOKEN_TTL: seconds(7 * 24 * 60 * 60),
  AUTH_SESSION_MAX_AGE: seconds(30 * 24 * 60 * 60),
  AUTH_REFRESH_REUSE_INTERVAL: z.coerce.number().int().nonnegative().default(10),
  AUTH_CLOCK_TOLERANCE: z.coerce.number().int().nonnegative().default(5),
  /** A JWK Set of private signing keys (JSON); the first key (or AUTH_SIGNING_KID) signs, all verify. */
  AUTH_JWKS: z.string().min(1).optional(),
  AUTH_SIGNING_KID: z.string().min(1).optional(),
  /** 32 bytes, base64url: encrypts a rotated refresh token's successor for the reuse interval. */
  AUTH_REFRESH_ENCRYPTION_KEY: z.string().min(1).optional(),
});

export type AuthEnv = z.infer<typeof authEnvSchema>;

/** Key material production must bring (development generates it into the data folder). */
export const PRODUCTION_AUTH_VARIABLES = ["AUTH_JWKS", "AUTH_REFRESH_ENCRYPTION_KEY"] as const;

export interface TokenLifetimes {
  /** Access token lifetime in seconds. @default 900 */
  accessTokenTtl: number;
  /** Refresh token idle lifetime in seconds, renewed on each rotation. @default 604800 */
  refreshTokenTtl: number;
  /** Absolute session lifetime in seconds; nothing outlives it. @default 2592000 */
  sessionMaxAge: number;
  /** Seconds during which a rotated refresh token may be presented again and get the same successor. @default 10 */
  refreshReuseInterval: number;
  /** Leeway in seconds for `exp`/`nbf` checks. @default 5 */
  clockTolerance: number;
  issuer: string;
  audience: string;
}

export function parseAuthEnv(env: Record<string, string | undefined>): AuthEnv {
  const parsed = authEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new AuthConfigError("AUTH_ENV_INVALID", `Invalid auth environment: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function lifetimesFromEnv(env: AuthEnv): TokenLifetimes {
  return {
    accessTokenTtl: env.AUTH_ACCESS_TOKEN_TTL,
    refreshTokenTtl: env.AUTH_REFRESH_TOKEN_TTL,
    sessionMaxAge: env.AUTH_SESSION_MAX_AGE,
    refreshReuseInterval: env.AUTH_REFRESH_REUSE_INTERVAL,
    clockTolerance: env.AUTH_CLOCK_TOLERANCE,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  };
}
