// The monorepo root, found by walking up to pnpm-workspace.yaml; the dev data folder lives there.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export function repoRoot(start: string = process.cwd()): string {
  let dir = start;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}
