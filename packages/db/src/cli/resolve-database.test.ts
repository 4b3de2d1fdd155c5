import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveDatabase } from "./resolve-database.ts";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("resolveDatabase", () => {
  it.runIf(process.getuid?.() === 0)(
    "as root with data under a 0700 folder: a typed error naming the folder and the ways out, never a spawn EACCES",
    async () => {
      const closed = await mkdtemp(join(tmpdir(), "rotor-closed-")); // 0700, like `mktemp -d` or /root
      made.push(closed);
      const dataRoot = join(closed, "repo", ".data");
      await mkdir(dataRoot, { recursive: true });
      const error: unknown = await resolveDatabase({ NODE_ENV: "development", CI: false, ROTOR_DATA_DIR: dataRoot, ROTOR_PG_PORT: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: "EmbeddedPostgresError", code: "DIRECTORY_CLOSED_TO_POSTGRES_USER" });
      expect((error as Error).message).toMatch(new RegExp(`cannot enter ${closed} \\(mode 0700\\).*DATABASE_URL.*ROTOR_DATA_DIR.*non-root`));
    },
  );
});
