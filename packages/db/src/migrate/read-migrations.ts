// Reads `<dir>/<name>/migration.sql` in Prisma's order (directory names, byte-wise ascending).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { migrationChecksum } from "./migration-checksum.ts";
import { MigrateError } from "./migrate-error.ts";

export interface MigrationFile {
  name: string;
  script: string;
  /** sha256 hex of the file's bytes. */
  checksum: string;
}

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((cause: unknown) => {
    throw new MigrateError("MIGRATIONS_DIR_INVALID", `Cannot read migrations directory ${migrationsDir}`, undefined, {
      cause,
    });
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, "migration.sql");
      const bytes = await readFile(path).catch((cause: unknown) => {
        throw new MigrateError("MIGRATIONS_DIR_INVALID", `Migration folder ${name} has no readable ${path}`, name, {
          cause,
        });
      });
      return { name, script: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    }),
  );
}
