// `pnpm start` with ROTOR_WORKERS=2 and Redis: two processes behind one port. Connections are handed to
// the workers in turn; any worker answers any request; a session revoked through one is refused by every
// one; /api/metrics adds the workers up; a crashed worker is replaced while the other keeps serving;
// SIGTERM stops them all. Without Redis, several workers are refused before any is forked.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { productionAuthEnv } from "@rotor/harness";
import { startRedisServer, type RedisTestServer } from "@rotor/store/testing";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";
import { rawRequest } from "./support/http-probe";
import { login, me, refresh, trpcCall } from "./support/trpc-http";

const webDir = join(import.meta.dirname, "..");

let redis: RedisTestServer;
let app: E2eServer;
beforeAll(async () => {
  redis = await startRedisServer();
  app = await startE2eServer({ ROTOR_WORKERS: "2", REDIS_URL: redis.url });
  // Healthy means one worker listens; the primary says when both do.
  await outputIncludes("(2 workers)");
});

/** Waits until the server has printed `text` (safety net only: workers start in seconds). */
async function outputIncludes(text: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!app.server.output().includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(app.server.output()).toContain(text);
}
afterAll(async () => {
  await app?.stop();
  await redis?.stop();
});

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null; // gone
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/** The primary's workers: its children running the web host (tsx may also start an esbuild child). */
function workerPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => parentOf(pid) === app.server.pid && commandOf(pid).includes("server/main.ts"));
}

/** Connections a process accepted on the server's port: its socket fds that are local to that port. */
function acceptedConnections(pid: number): number {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").trim().split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]!.split(":").at(-1)!, 16);
      if (localPort === app.server.port && fields[3] === "01") inodes.add(fields[9]!); // 01: ESTABLISHED
    }
  }
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return "";
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) count++;
  }
  return count;
}

const get = (path: string, agent?: Agent) => rawRequest(app.url, { path, ...(agent ? { agent } : {}) });

async function metric(name: string): Promise<number> {
  const { status, body } = await get("/api/metrics");
  expect(status).toBe(200);
  const line = body.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

const who = DEMO_CREDENTIALS.acmeUser;

describe("several workers behind one port", () => {
  it("runs two worker processes and hands connections to both", async () => {
    const workers = workerPids();
    expect(workers).toHaveLength(2);
    // Four connections held open at once: node:cluster hands them out in turn, two to each worker.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => get("/api/health", agent)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const pid of workers) expect(acceptedConnections(pid)).toBeGreaterThanOrEqual(1);
    agent.destroy();
  });

  it("refuses a session revoked through one worker on every worker", async () => {
    const { data: pair } = await login(app.url, { tenant: who.tenant, email: who.email, password: who.password });
    // Each call on a fresh connection: they alternate between the workers.
    const before = await Promise.all(Array.from({ length: 4 }, () => me(app.url, pair!.accessToken)));
    expect(before.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const out = await trpcCall(app.url, "POST", "auth.logout", undefined, { headers: { authorization: `Bearer ${pair!.accessToken}` } });
    expect(out.status).toBe(200);
    const after = await Promise.all(Array.from({ length: 4 }, () => me(app.url, pair!.accessToken)));
    expect(after.map((a) => [a.status, a.error?.authCode])).toEqual(Array.from({ length: 4 }, () => [401, "SESSION_REVOKED"]));
  });

  it("adds the workers' metrics up, and reads the live-session gauge once", async () => {
    const rotated = 'rotor_refreshes_total{outcome="rotated",code=""}';
    const start = await metric(rotated);
    const { data: pair } = await login(app.url, { tenant: who.tenant, email: who.email, password: who.password });
    let token = pair!.refreshToken;
    for (let i = 0; i < 6; i++) token = (await refresh(app.url, token)).data!.refreshToken;
    expect((await metric(rotated)) - start).toBe(6);
    const [row] = await app.db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "session" WHERE idle_expires_at > now() AND revoked_at IS NULL`;
    expect(await metric("rotor_active_sessions")).toBe(Number(row!.n));
  });

  it("replaces a worker that crashed while the other keeps serving", async () => {
    const [victim, survivor] = workerPids();
    process.kill(victim!, "SIGKILL");
    // Once the primary has seen the worker die it hands every connection to the survivor. (A connection
    // handed over in the instant the worker died is lost with it, as its open requests are: node:cluster.)
    await outputIncludes(`worker ${victim} exited (SIGKILL); starting another`);
    const during = await Promise.all(Array.from({ length: 4 }, () => get("/api/health")));
    expect(during.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await outputIncludes("serving (a replacement)");
    const workers = workerPids();
    expect(workers).toContain(survivor);
    expect(workers).toHaveLength(2);
    const replacement = workers.find((pid) => pid !== survivor)!;
    // Four connections at once: handed out in turn, so the replacement holds some.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    await Promise.all(Array.from({ length: 4 }, () => get("/api/health", agent)));
    expect(acceptedConnections(replacement)).toBeGreaterThanOrEqual(1);
    agent.destroy();
  });

  it("stops every worker on SIGTERM", async () => {
    const workers = workerPids();
    await app.server.stop();
    expect(workers.filter((pid) => parentOf(pid) !== null)).toEqual([]);
  });
});

describe("several workers without Redis", () => {
  it("refuses to start, before forking any worker", async () => {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/rotor",
      AUTH_SECRET: "s".repeat(32),
      ...(await productionAuthEnv()),
      ROTOR_WORKERS: "auto",
      PORT: "0",
    };
    const child = spawn(process.execPath, ["--import", "tsx", join("server", "main.ts")], { cwd: webDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000); // safety net
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(output).toContain("[rotor] refusing to start: 1 configuration problem:\n  - ROTOR_WORKERS: more than one worker needs REDIS_URL");
    expect(output).not.toMatch(/\n\s+at .*\(/);
  });
});
