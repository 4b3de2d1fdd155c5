// The resource server's folder: @rotor/verify packed exactly as published (`pnpm pack`) and installed with npm
// outside the workspace, with ioredis from the registry, beside resource-server.mjs. Built once per process.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { copyFile, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const verifyDir = fileURLToPath(new URL("../../../../verify", import.meta.url));
const pnpmModules = fileURLToPath(new URL("../../../../../node_modules/.pnpm/node_modules", import.meta.url));

let installing: Promise<string> | undefined;

async function install(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rotor-resource-server-"));
  await run("pnpm", ["pack", "--pack-destination", dir], { cwd: verifyDir });
  const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack produced no tarball");
  const ioredis = (JSON.parse(await readFile(join(pnpmModules, "ioredis", "package.json"), "utf8")) as { version: string }).version;
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "resource-server", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`, `ioredis@${ioredis}`], { cwd: dir });
  await copyFile(fileURLToPath(new URL("./resource-server.mjs", import.meta.url)), join(dir, "resource-server.mjs"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The folder (memoised): resource-server.mjs and its node_modules. */
export function installPackedVerify(): Promise<string> {
  installing ??= install();
  return installing;
}
