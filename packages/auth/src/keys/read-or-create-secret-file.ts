// Development secrets are generated once and kept in a git-ignored folder, so restarts and hot reloads
// keep everyone signed in. Files are 0600 in a 0700 folder.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Reads the secret at `path`, or writes `create()`'s value there first when there is none yet. */
export async function readOrCreateSecretFile(path: string, create: () => Promise<string> | string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const value = await create();
    // `wx` so two processes starting together cannot overwrite each other's secret; the loser re-reads.
    try {
      await writeFile(path, value, { mode: 0o600, flag: "wx" });
      return value;
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code === "EEXIST") return readFile(path, "utf8");
      throw writeError;
    }
  }
}
