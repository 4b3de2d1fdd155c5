// Settings of the web session (next-auth's encrypted cookie), from the variables ../../env.ts validates.
// Production must bring its own AUTH_SECRET; development generates one into the git-ignored data folder,
// so restarts (and hot reloads) keep everyone signed in.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { AuthConfigError, lifetimesFromEnv, parseAuthEnv, readOrCreateSecretFile, type TokenLifetimes } from "@rotor/auth";
import { devKeysDir, rawEnv, readSessionEnv } from "../../env";

export interface SessionSettings {
  secret: string;
  secureCookies: boolean;
  lifetimes: TokenLifetimes;
}

let cached: Promise<SessionSettings> | undefined;

async function devSecret(): Promise<string> {
  const secret = await readOrCreateSecretFile(join(devKeysDir(), "session-secret"), () => randomBytes(32).toString("base64url"));
  return secret.trim();
}

async function load(): Promise<SessionSettings> {
  const env = readSessionEnv();
  const production = env.NODE_ENV === "production";
  const configured = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET;
  if (!configured && production) {
    throw new AuthConfigError("AUTH_KEYS_MISSING", "Production needs AUTH_SECRET (32+ random characters) to encrypt the session cookie");
  }
  return {
    secret: configured ?? (await devSecret()),
    secureCookies: env.AUTH_SECURE_COOKIES ?? production,
    lifetimes: lifetimesFromEnv(parseAuthEnv(rawEnv())),
  };
}

export function getSessionSettings(): Promise<SessionSettings> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
