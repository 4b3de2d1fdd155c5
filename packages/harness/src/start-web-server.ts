// Starts the real Next.js app (`next build` output behind the app's own web host, exactly as `pnpm start`
// runs it) on a free loopback port, for end-to-end tests and benchmarks. Builds first when there is no
// build yet. Always call stop().
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@rotor/db";
import { findFreePort } from "@rotor/db/testing";

export interface WebServer {
  url: string;
  port: number;
  /** The server's process id (benchmarks read its CPU time from /proc). */
  pid: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartWebServerOptions {
  /** Env for the server on top of the current one: DATABASE_URL and auth keys at least. */
  env: Record<string, string>;
  /** Rebuild even when a build exists. @default false */
  rebuild?: boolean;
  /** How long to wait for /api/health. @default 60000 */
  readyTimeoutMs?: number;
  /** The Node.js binary that runs the server (the benchmarks compare Node versions). @default process.execPath */
  node?: string;
}

const webDir = join(repoRoot, "apps", "web");

export function buildWebApp(): void {
  const result = spawnSync("pnpm", ["--filter", "@rotor/web", "build"], {
    cwd: repoRoot,
    stdio: "inherit",
    // A production build, whoever calls it: under vitest NODE_ENV is "test", and next.config would then
    // leave out what production gets (HSTS).
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}

export async function startWebServer(options: StartWebServerOptions): Promise<WebServer> {
  if (options.rebuild || !existsSync(join(webDir, ".next", "BUILD_ID"))) buildWebApp();
  const port = await findFreePort();
  const child = spawn(options.node ?? process.execPath, ["--import", "tsx", join("server", "main.ts")], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ROTOR_HOST: "127.0.0.1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, port, pid: child.pid!, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`web server did not become healthy:\n${output}`);
}
