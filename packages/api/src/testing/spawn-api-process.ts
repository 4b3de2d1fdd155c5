// Starts serve-api.ts in its own Node process (a second "instance" for multi-instance tests).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ApiProcess {
  origin: string;
  url: string;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL("./serve-api.ts", import.meta.url));

export async function spawnApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("API process did not start in 30 s")), 30_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { origin: string }).origin);
    });
    child.once("exit", (code) => reject(new Error(`API process exited with ${code}`)));
  });
  return {
    origin,
    url: `${origin}/api/trpc`,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
