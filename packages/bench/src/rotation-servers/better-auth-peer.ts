// The peer: Better Auth (email/password + jwt plugin) in a minimal Next.js app (peer/better-auth-next),
// built and run with `next start`, on its own database in the same PostgreSQL server as Rotor's. Gives
// back session cookies of one user, one per sign-in, for the token endpoint and getSession.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createTestDatabase, findFreePort } from "@rotor/db/testing";

const peerDir = join(import.meta.dirname, "..", "..", "peer", "better-auth-next");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export interface BetterAuthPeer {
  url: string;
  pid: number;
  /** `better-auth.session_token=...` cookies, one session each. */
  cookies: string[];
  stop(): Promise<void>;
}

export async function startBetterAuthPeer(adminUrl: string, poolSize: number, sessions: number): Promise<BetterAuthPeer> {
  const db = await createTestDatabase(adminUrl, { migrate: false, maxConnections: 1 });
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: db.connectionString,
    DATABASE_POOL_SIZE: String(poolSize),
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    BETTER_AUTH_URL: url,
  };
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, args, { cwd: peerDir, env, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed with ${result.status}`);
  };
  if (!existsSync(join(peerDir, ".next", "BUILD_ID"))) run([nextBin, "build"]);
  run(["--import", "tsx", "migrate.ts"]);
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: peerDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    await db.drop();
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${url}/api/auth/ok`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Better Auth peer did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const post = (path: string, body: unknown) =>
      fetch(`${url}/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify(body) });
    const credentials = { email: "bench@peer.test", password: "bench-password-1234" };
    const signUp = await post("sign-up/email", { ...credentials, name: "Bench" });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookies: string[] = [];
    for (let i = 0; i < sessions; i++) {
      const res = await post("sign-in/email", credentials);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
      if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      cookies.push(cookie.split(";", 1)[0]!);
    }
    return { url, pid: child.pid!, cookies, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
