// A TokenStore in a JSON file, for CLIs and other Node processes. The file holds a refresh token,
// so it is created 0600 in a 0700 directory and replaced atomically (temp file + rename): a crash
// mid-write never leaves a torn file, and readers see the old pair or the new one.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { parsePair, serializePair } from "../internal/pairJson.ts";
import type { AsyncTokenStore } from "../types.ts";

export interface FileTokenStoreOptions {
  /** Absolute path of the JSON file, e.g. `~/.config/rotor/credentials.json`. */
  path: string;
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}

export function fileTokenStore(options: FileTokenStoreOptions): AsyncTokenStore {
  const { path } = options;
  const dir = dirname(path);
  return {
    async get() {
      try {
        return parsePair(await readFile(path, "utf8"));
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async set(pair) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
      // 'wx': never reuse an existing file; the mode applies at creation, before any secret is
      // written (the umask can only take bits away).
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(serializePair(pair), "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}
