// One throwaway embedded PostgreSQL for a benchmark run, in a temp folder on a free port.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "@rotor/db";
import { findFreePort } from "@rotor/db/testing";

/**
 * The serving-path bench keeps every server it compares running at once, each with its own pool (16
 * connections per production server, on three Node versions, plus the workers, the node adapter, Better
 * Auth and the SQL client): more than PostgreSQL's default 100.
 */
const MAX_CONNECTIONS = 300;

export async function startBenchPostgres(): Promise<RunningPostgres & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "rotor-bench-pg-"));
  const pg = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), reuseRunning: false, durable: false, maxConnections: MAX_CONNECTIONS });
  return {
    ...pg,
    dataDir,
    async dispose() {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
