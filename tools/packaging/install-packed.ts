// A consumer folder for a package Rotor publishes, as an outside developer gets it: `pnpm pack` (built by
// prepack, publishConfig applied) into a temporary folder outside the workspace, installed there with npm
// together with what the consumer adds from the registry, plus the README's examples (extracted verbatim)
// and the test's fixture files. Shared by the consumer tests of every published package.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readmeFiles } from "./readme-files.ts";

const run = promisify(execFile);

/** The version of `name` this workspace builds against (the package's own node_modules, then the hoisted store). */
export async function workspaceVersionOf(packageDir: string, name: string): Promise<string> {
  for (const base of [join(packageDir, "node_modules"), join(packageDir, "..", "..", "node_modules", ".pnpm", "node_modules")]) {
    const text = await readFile(join(base, name, "package.json"), "utf8").catch(() => null);
    if (text) return (JSON.parse(text) as { version: string }).version;
  }
  throw new Error(`no ${name} in the workspace`);
}

export interface PackedConsumer {
  dir: string;
  /** Path of an executable the consumer installed (node_modules/.bin). */
  bin: (name: string) => string;
}

export async function installPacked(options: { packageDir: string; fixtureDir: string; prefix: string; install: string[] }): Promise<PackedConsumer> {
  const dir = await mkdtemp(join(tmpdir(), options.prefix));
  await run("pnpm", ["pack", "--pack-destination", dir], { cwd: options.packageDir });
  const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack produced no tarball");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`, ...options.install], { cwd: dir });
  for (const [name, code] of Object.entries(await readmeFiles(join(options.packageDir, "README.md")))) await writeFile(join(dir, name), code);
  for (const name of await readdir(options.fixtureDir)) await copyFile(join(options.fixtureDir, name), join(dir, name));
  return { dir, bin: (name) => join(dir, "node_modules", ".bin", name) };
}
