// vitest globalSetup for the e2e project: one `next build` per run, so the tests always exercise the
// current code. ROTOR_E2E_SKIP_BUILD=1 reuses the existing build (for quick reruns while iterating).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildWebApp } from "@rotor/harness";

export default function setup(): void {
  const built = existsSync(join(import.meta.dirname, "..", "..", ".next", "BUILD_ID"));
  if (process.env.ROTOR_E2E_SKIP_BUILD === "1" && built) return;
  buildWebApp();
}
