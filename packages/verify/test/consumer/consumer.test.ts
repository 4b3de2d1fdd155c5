// The package as an outside developer gets it: `pnpm pack` (built by prepack, publishConfig applied),
// installed with npm into a temporary folder outside the workspace with ioredis and @trpc/server from the
// registry. The README's examples, extracted as written, type-check under `nodenext` and `bundler` (library
// types included) and run from plain Node against a toy Rotor; the main entry bundles without node: imports.
import { execFile } from "node:child_process";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked, workspaceVersionOf } from "../../../../tools/packaging/install-packed.ts";
import { readmeFiles } from "../../../../tools/packaging/readme-files.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const fixtureDir = fileURLToPath(new URL("./fixture", import.meta.url));
/** The versions this workspace builds against. */
const versionOf = (name: string) => workspaceVersionOf(packageDir, name);

const README_FILES = ["verifier.ts", "verifier-redis.ts", "server.ts", "fetch-handler.ts", "trpc.ts"];
let dir: string;
let bin: (name: string) => string;

beforeAll(async () => {
  ({ dir, bin } = await installPacked({
    packageDir,
    fixtureDir,
    prefix: "rotor-verify-consumer-",
    install: [
      `ioredis@${await versionOf("ioredis")}`,
      `@trpc/server@${await versionOf("@trpc/server")}`,
      `typescript@${await versionOf("typescript")}`,
      `@types/node@${await versionOf("@types/node")}`,
      "esbuild@0.28.2",
    ],
  }));
  // The toy Rotor (jose from the consumer's node_modules) and the README's files, compiled one by one.
  await copyFile(join(packageDir, "src", "testing", "tokenIssuer.ts"), join(dir, "issuer.ts"));
  await run(bin("esbuild"), ["issuer.ts", "--bundle", "--packages=external", "--platform=node", "--format=esm", "--outfile=issuer.mjs"], { cwd: dir });
  await run(bin("esbuild"), [...README_FILES, "--platform=node", "--format=esm", "--outdir=."], { cwd: dir });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("consumer of the packed tarball (npm, outside the workspace)", () => {
  it("the README has the examples the test compiles", async () => {
    expect(Object.keys(await readmeFiles(join(packageDir, "README.md")))).toEqual(README_FILES);
  });

  it("the README's Node server, fetch handler and tRPC router accept a live token and refuse it once revoked over the feed", async () => {
    const { stdout } = await run("node", ["consumer.mjs"], { cwd: dir, timeout: 120_000 });
    const revoked = { code: "SESSION_REVOKED", message: "Session revoked" };
    expect(JSON.parse(stdout)).toEqual({
      node: { status: 200, body: { userId: "00000000-0000-4000-8000-000000000001", tenantId: "00000000-0000-4000-8000-000000000003", role: "USER" } },
      nodeMissing: { status: 401, body: { error: { code: "TOKEN_INVALID", message: "Access token invalid" } } },
      fetch: { status: 200, body: { userId: "00000000-0000-4000-8000-000000000001", sessionId: "00000000-0000-4000-8000-000000000002" } },
      trpc: { status: 200, result: { userId: "00000000-0000-4000-8000-000000000001", role: "USER" }, authCode: null },
      nodeRevoked: { status: 401, body: { error: revoked } },
      fetchRevoked: { status: 401, body: { error: revoked } },
      trpcRevoked: { status: 401, result: null, authCode: "SESSION_REVOKED" },
      status: { source: "feed", healthy: true, lastHealthyAt: "number" },
    });
  });

  it.each([
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])("the README's examples type-check under moduleResolution %s (library types checked too)", async (name, resolution) => {
    const config = {
      compilerOptions: { ...resolution, target: "es2022", lib: ["es2022", "dom"], types: ["node"], strict: true, noEmit: true, skipLibCheck: false },
      files: README_FILES,
    };
    await writeFile(join(dir, `tsconfig.${name}.json`), JSON.stringify(config));
    const result = await run(bin("tsc"), ["-p", `tsconfig.${name}.json`], { cwd: dir }).catch((error: { stdout?: string }) => error);
    expect(result.stdout ?? "").toBe("");
  });

  it("the main entry bundles for a fetch-only runtime: no node: imports", async () => {
    await writeFile(join(dir, "edge.ts"), `export { createVerifier, verifyRequest, unauthorizedResponse } from "@rotor/verify";\n`);
    await run(bin("esbuild"), ["edge.ts", "--bundle", "--platform=neutral", "--main-fields=module,main", "--format=esm", "--metafile=meta.json", "--outfile=edge.bundle.js"], { cwd: dir });
    const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8")) as { outputs: Record<string, { imports: { path: string }[] }> };
    const imports = Object.values(meta.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
  });
});
