// Locations inside the repository. The root is the nearest directory with pnpm-workspace.yaml above this
// file, so it holds wherever a script or test runner was started from, and still when a bundler (Next)
// has moved this module into .next/ (whose ancestors include the root too).
//
// The `turbopackIgnore` comments keep Next's bundler from treating these computed paths as file accesses
// it must trace. Without them it traces the whole repository into the server bundle, including .data/
// where the embedded PostgreSQL writes on every request; in `next dev` each of those writes invalidated
// the bundle, Turbopack sent the browser a "restart", the page reloaded, and the reload wrote again: an
// endless reload loop.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DbEnv } from "./env.ts";

function findRepoRoot(): string {
  const starts: string[] = [];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // Bundled without a file: URL; the working directory is the next best guess.
  }
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(/* turbopackIgnore: true */ dir, "pnpm-workspace.yaml"))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return resolve(starts[0] ?? process.cwd(), "../../..");
}

export const repoRoot = findRepoRoot();
export const migrationsDir = join(repoRoot, "prisma", "migrations");
export const prismaSchemaPath = join(repoRoot, "prisma", "schema.prisma");
export const prismaConfigPath = join(repoRoot, "prisma.config.ts");

/** `<ROTOR_DATA_DIR or <repo>/.data>/postgres`: the cluster `pnpm dev`, db:migrate and db:studio share. */
export function defaultPostgresDataDir(env: Pick<DbEnv, "ROTOR_DATA_DIR">): string {
  return join(resolve(/* turbopackIgnore: true */ env.ROTOR_DATA_DIR ?? join(repoRoot, ".data")), "postgres");
}
