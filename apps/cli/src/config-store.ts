// Where the CLI keeps its state: the token pair (the link's file store, 0600 in a 0700 folder), a
// profile saying which server and account the pair belongs to, so a token is never sent to a server
// other than the one that issued it, and the device token of the last successful sign-in (which makes
// this machine a trusted device at its next sign-in to that account, so others' failed guesses cannot
// lock it out). The device token outlives `logout`, like a browser's device cookie.
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { fileTokenStore } from "@rotor/trpc-refresh-link/node";
import type { AsyncTokenStore } from "@rotor/trpc-refresh-link";
import type { CliEnv } from "./env.ts";

const profileSchema = z.object({
  url: z.string(),
  tenant: z.string(),
  email: z.string(),
});

export type Profile = z.infer<typeof profileSchema>;

const deviceSchema = z.object({ url: z.string(), token: z.string() });

/** A device token and the server that issued it (it is presented to no other). */
export type DeviceToken = z.infer<typeof deviceSchema>;

export interface ConfigStore {
  dir: string;
  tokens: AsyncTokenStore;
  readProfile(): Promise<Profile | null>;
  writeProfile(profile: Profile): Promise<void>;
  readDevice(): Promise<DeviceToken | null>;
  writeDevice(device: DeviceToken): Promise<void>;
  /** Removes the token pair and the profile. */
  clear(): Promise<void>;
}

/** `ROTOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/rotor` (when absolute, per the XDG spec), else `~/.config/rotor`. */
export function configDir(env: Pick<CliEnv, "ROTOR_CONFIG_DIR" | "XDG_CONFIG_HOME">): string {
  if (env.ROTOR_CONFIG_DIR) return env.ROTOR_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "rotor");
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Atomic replace: a crash leaves the old file or the new one, never half of one; 0600 in a 0700 folder. */
async function writeJson(dir: string, path: string, value: unknown): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(JSON.stringify(value, null, 2) + "\n", "utf8");
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export function openConfigStore(dir: string): ConfigStore {
  const tokens = fileTokenStore({ path: join(dir, "credentials.json") });
  const profilePath = join(dir, "profile.json");
  const devicePath = join(dir, "device.json");
  return {
    dir,
    tokens,
    readProfile: () => readJson(profilePath, profileSchema),
    writeProfile: (profile) => writeJson(dir, profilePath, profile),
    readDevice: () => readJson(devicePath, deviceSchema),
    writeDevice: (device) => writeJson(dir, devicePath, device),
    async clear() {
      await tokens.clear();
      await rm(profilePath, { force: true });
    },
  };
}
