// `pnpm start` with ROTOR_WORKERS > 1: this process serves nothing itself. It checks the configuration once,
// forks the workers (run-worker.ts; each its own services, Next.js and pg pool) and node:cluster shares the
// listening socket, handing new connections to the workers in turn. All state a request needs is in
// PostgreSQL and Redis (the start-up check refuses several workers without REDIS_URL), so any worker can
// answer any request. It also aggregates the workers' metrics for /api/metrics (cluster-metrics.ts).
//
// A worker that dies after it started serving is replaced. One that dies before it ever listened means
// the deployment cannot work (bad keys, a broken build): everything stops with its exit code, as one
// process would. SIGTERM/SIGINT stop every worker gracefully, then this process.
import cluster, { type Worker } from "node:cluster";
import { serveClusterMetrics } from "@rotor/api";
import { rawEnv } from "../src/env";
import { listStartupProblems, refuseToStart } from "../src/server/list-startup-problems";

export interface PrimaryOptions {
  workers: number;
  port: number;
  host: string | undefined;
}

/** How long a stopping worker gets to finish its requests before it is killed. */
const STOP_GRACE_MS = 10_000;

export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const problems = listStartupProblems(rawEnv());
  if (problems.length > 0) refuseToStart(problems);
  serveClusterMetrics();

  const serving = new Set<Worker>();
  let stopping = false;
  let exitCode = 0;
  let announced = false;

  const fork = () => cluster.fork();
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) {
      worker.process.kill("SIGTERM");
      setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS).unref();
    }
  };

  cluster.on("listening", (worker) => {
    serving.add(worker);
    if (announced) console.log(`[rotor] worker ${worker.process.pid} serving (a replacement)`);
    else if (serving.size === options.workers) {
      announced = true;
      console.log(`[rotor] production server on http://${options.host ?? "localhost"}:${options.port} (${options.workers} workers)`);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    const served = serving.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    if (!served) {
      console.error(`[rotor] a worker exited (${signal ?? `code ${code}`}) before it started serving; stopping`);
      stopAll(code || 1);
      return;
    }
    console.error(`[rotor] worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    fork();
  });
  process.once("SIGTERM", () => stopAll(0));
  process.once("SIGINT", () => stopAll(0));
  for (let i = 0; i < options.workers; i++) fork();
}
