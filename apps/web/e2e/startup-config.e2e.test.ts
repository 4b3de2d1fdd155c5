// Production refuses to start on a configuration that can never work, and says everything that is wrong
// in one message (not one variable per restart). Runs the real `next start` of the production build.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findFreePort } from "@rotor/db/testing";

const webDir = join(import.meta.dirname, "..");

async function startProduction(env: Record<string, string> & { NODE_ENV: "production" }): Promise<{ code: number | null; output: string }> {
  const port = await findFreePort();
  // Only what a bare host has: no keys inherited from the test runner's environment.
  const bareEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NEXT_TELEMETRY_DISABLED: "1", ...env };
  const child = spawn(join(webDir, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: webDir,
    env: bareEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Safety net only: a server that started would never exit by itself.
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

describe("production start-up check", () => {
  it("lists every missing or invalid variable at once and exits 1", async () => {
    const { code, output } = await startProduction({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/rotor",
      AUTH_ACCESS_TOKEN_TTL: "soon",
      REDIS_URL: "http://not-redis",
    });
    expect(code).toBe(1);
    const message = output.slice(output.indexOf("[rotor] refusing to start"));
    expect(message).toMatch(/refusing to start: 5 configuration problems/);
    for (const name of ["AUTH_ACCESS_TOKEN_TTL", "REDIS_URL", "AUTH_JWKS", "AUTH_REFRESH_ENCRYPTION_KEY", "AUTH_SECRET"]) {
      expect(message).toContain(`  - ${name}: `);
    }
    expect(output).not.toMatch(/\n\s+at .*\(/); // no stack trace
  });
});
