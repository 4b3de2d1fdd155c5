// Locations inside the repository, derived from this file's place (packages/db/src) so they hold no
// matter which directory a script or test runner was started from.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DbEnv } from "./env.ts";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const migrationsDir = join(repoRoot, "prisma", "migrations");
export const prismaSchemaPath = join(repoRoot, "prisma", "schema.prisma");
export const prismaConfigPath = join(repoRoot, "prisma.config.ts");

/** `<ROTOR_DATA_DIR or <repo>/.data>/postgres`: the cluster `pnpm dev`, db:migrate and db:studio share. */
export function defaultPostgresDataDir(env: Pick<DbEnv, "ROTOR_DATA_DIR">): string {
  return join(resolve(env.ROTOR_DATA_DIR ?? join(repoRoot, ".data")), "postgres");
}
