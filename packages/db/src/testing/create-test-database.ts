// A database of its own for one test file: files run in parallel on one server without seeing each
// other's rows, and nothing needs truncating between runs.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type Database } from "../create-prisma-client.ts";
import { withDatabase } from "../create-database-if-missing.ts";
import type { PrismaClient } from "../generated/client.ts";
import { migrate } from "../migrate/migrate.ts";

export interface CreateTestDatabaseOptions {
  /**
   * Apply the migrations; false leaves the database empty (for testing the migrator itself).
   * @default true
   */
  migrate?: boolean;
  /**
   * Migrations to apply.
   * @default `<repo>/prisma/migrations`
   */
  migrationsDir?: string;
  /**
   * Pool size of the returned Prisma client.
   * @default 5
   */
  maxConnections?: number;
}

export interface TestDatabase {
  /** URL of the new database. */
  connectionString: string;
  /** Client on the new database, created lazily on first use. */
  prisma: PrismaClient;
  /** The pg pool under `prisma` (shared), for code that takes a driver-level client. */
  pool: pg.Pool;
  /** Disconnects the client and drops the database (even with connections still open). */
  drop(): Promise<void>;
}

export async function createTestDatabase(adminUrl: string, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `rotor_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const connectionString = withDatabase(adminUrl, name);

  try {
    if (options.migrate ?? true) await migrate(connectionString, { migrationsDir: options.migrationsDir });
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }

  let database: Database | undefined;
  const open = () => (database ??= createDatabase({ connectionString, maxConnections: options.maxConnections ?? 5 }));
  let dropping: Promise<void> | undefined;
  return {
    connectionString,
    get prisma() {
      return open().prisma;
    },
    get pool() {
      return open().pool;
    },
    drop: () =>
      (dropping ??= (async () => {
        await database?.close();
        await dropDatabase(adminUrl, name);
      })()),
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE (PostgreSQL 13+) ends connections a test leaked instead of failing the teardown.
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

async function withAdmin(adminUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
