// One throwaway embedded PostgreSQL for a benchmark run, in a temp folder on a free port.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "@rotor/db";
import { findFreePort } from "@rotor/db/testing";

export async function startBenchPostgres(): Promise<RunningPostgres & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "rotor-bench-pg-"));
  const pg = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), reuseRunning: false, durable: false });
  return {
    ...pg,
    dataDir,
    async dispose() {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
