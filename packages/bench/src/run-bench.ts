// `pnpm bench`: runs every benchmark in one process and writes reports/latest.{md,json}.
// BENCH_ONLY=name1,name2 limits the run; BENCH_DURATION_MS shortens load tests; BENCH_DOCS=1 also writes
// docs/benchmarks.md from a full run.
import { benchAccessTokenVerify } from "./benchmarks/access-token-verify.ts";
import { benchAuthMiddleware } from "./benchmarks/auth-middleware.ts";
import { benchBundleSize } from "./benchmarks/bundle-size.ts";
import { benchCleanup } from "./benchmarks/cleanup.ts";
import { benchLinkOverhead } from "./benchmarks/link-overhead.ts";
import { benchLinkStorm } from "./benchmarks/link-storm.ts";
import { benchMigrations } from "./benchmarks/migrations.ts";
import { benchRefreshRotation } from "./benchmarks/refresh-rotation.ts";
import { benchRevocationPropagation } from "./benchmarks/revocation-propagation.ts";
import { benchRotationServers } from "./benchmarks/rotation-servers.ts";
import { benchVerifyPropagation } from "./benchmarks/verify-propagation.ts";
import { startBenchPostgres } from "./bench-postgres.ts";
import { writeDocs, writeReport, type BenchResult } from "./report.ts";

const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 20_000);
const wanted = (name: string) => !only || only.includes(name);

const results: BenchResult[] = [];
const pg = await startBenchPostgres();
try {
  const steps: [string, () => Promise<BenchResult>][] = [
    ["verify", () => benchAccessTokenVerify()],
    ["migrations", () => benchMigrations(pg.adminConnectionString)],
    ["rotation", () => benchRefreshRotation(pg.adminConnectionString, 32, durationMs)],
    ["link-overhead", () => benchLinkOverhead()],
    ["link-storm", () => benchLinkStorm(pg.adminConnectionString)],
    ["bundle-size", () => benchBundleSize()],
    ["middleware", () => benchAuthMiddleware(pg.adminConnectionString)],
    ["propagation", () => benchRevocationPropagation(pg.adminConnectionString)],
    ["rotation-servers", () => benchRotationServers(pg, durationMs)],
    ["cleanup", () => benchCleanup(pg.adminConnectionString, durationMs)],
    ["verify-propagation", () => benchVerifyPropagation(pg.adminConnectionString)],
  ];
  for (const [name, run] of steps) {
    if (!wanted(name)) continue;
    console.log(`[bench] ${name} ...`);
    const result = await run();
    console.log(`[bench] ${name}:`, JSON.stringify(result.metrics));
    results.push(result);
  }
} finally {
  await pg.dispose();
}
const path = await writeReport(results);
console.log(`[bench] report written to ${path}`);
if (process.env.BENCH_DOCS === "1") {
  if (only) throw new Error("BENCH_DOCS=1 needs a full run (no BENCH_ONLY)");
  console.log(`[bench] docs written to ${await writeDocs()}`);
}
