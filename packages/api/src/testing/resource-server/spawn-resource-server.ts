// Starts resource-server.mjs (the packed @rotor/verify, npm-installed outside the workspace) as its own Node
// process, and asks it about tokens over HTTP. Always call stop().
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { installPackedVerify } from "./install-packed-verify.ts";

export interface ResourceServerOptions {
  rotorOrigin: string;
  source: "redis" | "feed" | "none";
  redisUrl?: string;
  /** A service credential's bearer form (feed source). */
  credential?: string;
  /** @default a free port */
  port?: number;
}

export interface ResourceServer {
  origin: string;
  /** GET / with the token: 200 and the subject, or the status and error code of the refusal. */
  check(token: string): Promise<{ status: number; code: string | null; sessionId: string | null }>;
  stop(): Promise<void>;
}

export async function spawnResourceServer(options: ResourceServerOptions): Promise<ResourceServer> {
  const dir = await installPackedVerify();
  const child = spawn(process.execPath, [join(dir, "resource-server.mjs")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      ROTOR_ORIGIN: options.rotorOrigin,
      SOURCE: options.source,
      REDIS_URL: options.redisUrl ?? "",
      CREDENTIAL: options.credential ?? "",
      PORT: String(options.port ?? 0),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("resource server did not start in 60 s")), 60_000);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { origin: string }).origin);
    });
    child.once("exit", (code) => reject(new Error(`resource server exited with ${code}`)));
  });
  return {
    origin,
    async check(token) {
      const response = await fetch(`${origin}/`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { sessionId?: string; error?: { code?: string } };
      return { status: response.status, code: body.error?.code ?? null, sessionId: body.sessionId ?? null };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
