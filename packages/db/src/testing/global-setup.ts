// vitest globalSetup: one PostgreSQL server per test run (not per file), in a fresh temp dir on a free
// port, so runs never share state with `pnpm dev` or each other. Each test file then creates its own
// database on it with createTestDatabase(inject("rotorPgUrl")).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../embedded/start-embedded-postgres.ts";
import { readDbEnv } from "../env.ts";
import { findFreePort } from "./find-free-port.ts";
import { ROTOR_PG_URL } from "./provided-context.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // CI (or a developer) may point tests at an existing server; then we only create databases on it.
  const { DATABASE_URL } = readDbEnv();
  if (DATABASE_URL) {
    project.provide(ROTOR_PG_URL, DATABASE_URL);
    return async () => undefined;
  }

  // mkdtemp gives a 0700 directory, which is what PostgreSQL demands of its data directory.
  const dataDir = await mkdtemp(join(tmpdir(), "rotor-test-pg-"));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  try {
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await findFreePort(),
      database: "postgres",
      reuseRunning: false,
      durable: false,
    });
    project.provide(ROTOR_PG_URL, server.adminConnectionString);
    return async () => {
      await server.stop();
      await removeDataDir();
    };
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}
