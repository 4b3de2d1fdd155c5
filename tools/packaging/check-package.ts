// Shared by every package Rotor publishes (run from the package folder: `tsx ../../tools/packaging/check-package.ts`).
// `pnpm check:package`: packs the package exactly as it would be published (pnpm pack builds it
// through `prepack` and rewrites publishConfig) and lints the tarball, not the workspace folder:
// no catalog:/workspace: ranges, only dist/, then publint (strict) and @arethetypeswrong/cli
// (ESM-only profile: there is no CommonJS build).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "rotor-pack-"));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
try {
  run("pnpm", ["pack", "--pack-destination", dir]);
  const tarball = join(dir, readdirSync(dir).find((name) => name.endsWith(".tgz")) ?? "missing.tgz");
  const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"])) as {
    sideEffects?: unknown;
    exports: Record<string, string | { types?: string; import?: string }>;
  };
  const files = run("tar", ["-tzf", tarball]).trim().split("\n");
  const problems: string[] = [];
  if (/"(catalog|workspace):/.test(JSON.stringify(manifest))) problems.push("package.json keeps a catalog:/workspace: range");
  const stray = files.filter((f) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE)/.test(f));
  if (stray.length) problems.push(`files outside dist/: ${stray.join(", ")}`);
  if (files.some((f) => /\.test\.|testing\//.test(f))) problems.push("tests or fakes in the tarball");
  if (manifest.sideEffects !== false) problems.push("sideEffects is not false");
  for (const [entry, target] of Object.entries(manifest.exports)) {
    if (entry === "./package.json") continue;
    if (typeof target === "string" || !target.types || !target.import) problems.push(`exports["${entry}"] lacks types or import`);
  }
  if (problems.length) {
    console.error(`check:package: ${problems.join("; ")}`);
    process.exit(1);
  }
  console.log(`check:package: ${files.length} files, exports ${Object.keys(manifest.exports).join(" ")}`);
  execFileSync("publint", ["run", tarball, "--strict"], { stdio: "inherit" });
  execFileSync("attw", [tarball, "--profile", "esm-only"], { stdio: "inherit" });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
