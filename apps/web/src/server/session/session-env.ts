// Settings of the web session (next-auth's encrypted cookie). Kept apart from ../../env.ts, which the lead
// owns; it reads the same process.env object through `rawEnv()`, so nothing else touches process.env.
// Production must bring its own AUTH_SECRET; development generates one into the git-ignored data folder,
// so restarts (and hot reloads) keep everyone signed in.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { lifetimesFromEnv, parseAuthEnv, type TokenLifetimes } from "@rotor/auth";
import { rawEnv, readWebEnv } from "../../env";
import { repoRoot } from "@rotor/db";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const sessionEnvSchema = z.object({
  /** Encrypts the session cookie (next-auth also reads NEXTAUTH_SECRET). At least 32 characters. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** `Secure` cookies (and the `__Secure-` name prefix). @default true in production */
  AUTH_SECURE_COOKIES: flag.optional(),
});

export interface SessionSettings {
  secret: string;
  secureCookies: boolean;
  lifetimes: TokenLifetimes;
}

let cached: Promise<SessionSettings> | undefined;

async function devSecret(): Promise<string> {
  const dir = join(readWebEnv().ROTOR_DATA_DIR ?? join(repoRoot, ".data"), "keys");
  const path = join(dir, "session-secret");
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString("base64url");
    // `wx`: when two processes race, the loser reads the winner's secret.
    await writeFile(path, secret, { mode: 0o600, flag: "wx" }).catch(() => undefined);
    return (await readFile(path, "utf8")).trim();
  }
}

async function load(): Promise<SessionSettings> {
  const env = sessionEnvSchema.parse(rawEnv());
  const production = readWebEnv().NODE_ENV === "production";
  const configured = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET;
  if (!configured && production) {
    throw new Error("Production needs AUTH_SECRET (32+ random characters) to encrypt the session cookie");
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
