// The package as an outside developer gets it: `pnpm pack` (built by prepack, publishConfig applied),
// installed with npm into a temporary folder outside the workspace together with @trpc/client and
// @trpc/server from the registry. Then: the README's examples, extracted as written, type-check under
// `nodenext` and `bundler`; a plain Node ESM script runs against a toy tRPC server (which uses the
// README's errorFormatter); the browser example bundles with one copy of @trpc/client and no node:.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked, workspaceVersionOf } from "../../../../tools/packaging/install-packed.ts";
import { readmeFiles } from "../../../../tools/packaging/readme-files.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const fixtureDir = fileURLToPath(new URL("./fixture", import.meta.url));
/** The versions this workspace builds against, so the consumer is checked with the same tRPC. */
const versionOf = (name: string) => workspaceVersionOf(packageDir, name);

let dir: string;
let bin: (name: string) => string;

beforeAll(async () => {
  // CONSUMER_TRPC_VERSION checks another tRPC 11 release against the peer range (e.g. 11.0.0).
  const trpc = process.env.CONSUMER_TRPC_VERSION ?? (await versionOf("@trpc/client"));
  ({ dir, bin } = await installPacked({
    packageDir,
    fixtureDir,
    prefix: "rotor-link-consumer-",
    install: [`@trpc/client@${trpc}`, `@trpc/server@${trpc}`, `typescript@${await versionOf("typescript")}`, `@types/node@${await versionOf("@types/node")}`, "esbuild@0.28.2"],
  }));
  // The toy server and the README's Node example, as JavaScript for plain Node.
  await run(bin("esbuild"), ["server.ts", "cli.ts", "--bundle", "--packages=external", "--platform=node", "--format=esm", "--outdir=.", "--out-extension:.js=.mjs"], { cwd: dir });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("consumer of the packed tarball (npm, outside the workspace)", () => {
  it("the README has the three examples the test compiles", async () => {
    expect(Object.keys(await readmeFiles(join(packageDir, "README.md")))).toEqual(["trpc.ts", "client.ts", "cli.ts"]);
  });

  it("a plain Node ESM script refreshes against a toy tRPC server, single flight, transient 429/503", async () => {
    const { stdout } = await run("node", ["consumer.mjs"], { cwd: dir, timeout: 120_000 });
    expect(JSON.parse(stdout)).toEqual({
      me: "ada@example.com",
      storm: { ok: 200, refreshes: 1 },
      twoClients: { ok: 4, refreshes: 1 },
      TOO_MANY_REQUESTS: { reason: "RATE_LIMITED", sessionEnded: false, kept: true },
      SERVICE_UNAVAILABLE: { reason: "SERVICE_UNAVAILABLE", sessionEnded: false, kept: true },
      recovered: "ada@example.com",
      readmeCli: { emails: ["ada@example.com", "ada@example.com"], refreshes: 1 },
    });
  });

  it.each([
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])("the README's examples type-check under moduleResolution %s (library types checked too)", async (name, resolution) => {
    const config = {
      compilerOptions: {
        ...resolution,
        target: "es2022",
        lib: ["es2022", "dom"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: ["trpc.ts", "server.ts", "client.ts", "cli.ts"],
    };
    await writeFile(join(dir, `tsconfig.${name}.json`), JSON.stringify(config));
    const result = await run(bin("tsc"), ["-p", `tsconfig.${name}.json`], { cwd: dir }).catch((error: { stdout?: string }) => error);
    expect(result.stdout ?? "").toBe("");
  });

  it("the browser example bundles with esbuild: one copy of @trpc/client, no node: imports", async () => {
    await run(bin("esbuild"), ["client.ts", "--bundle", "--minify", "--platform=browser", "--format=esm", "--metafile=meta.json", "--outfile=client.bundle.js"], {
      cwd: dir,
    });
    const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8")) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { imports: { path: string }[] }>;
    };
    const inputs = Object.keys(meta.inputs);
    const trpcCopies = new Set(inputs.flatMap((path) => /^(.*node_modules\/@trpc\/client)\//.exec(path)?.[1] ?? []));
    expect([...trpcCopies]).toEqual(["node_modules/@trpc/client"]);
    expect(inputs.some((path) => path.startsWith("node_modules/@rotor/trpc-refresh-link/dist/"))).toBe(true);
    const imports = Object.values(meta.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    expect(await readFile(join(dir, "client.bundle.js"), "utf8")).not.toMatch(/["']node:/);
  });
});
