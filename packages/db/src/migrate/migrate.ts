// Applies prisma/migrations without Prisma's native schema engine (which cannot be downloaded on our
// machines), keeping Prisma's bookkeeping so `prisma migrate status|deploy` elsewhere agree with us:
// same `_prisma_migrations` table, same row contents, same advisory lock key.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { migrationsDir as defaultMigrationsDir } from "../paths.ts";
import { matchesChecksum } from "./migration-checksum.ts";
import { MigrateError } from "./migrate-error.ts";
import { readMigrations, type MigrationFile } from "./read-migrations.ts";

export interface MigrateOptions {
  /**
   * Folder of `<name>/migration.sql` directories.
   * @default `<repo>/prisma/migrations`
   */
  migrationsDir?: string;
  /**
   * How long to wait for the lock while another runner migrates the same database.
   * @default 60_000
   */
  lockTimeoutMs?: number;
  /**
   * Called before each pending migration is applied (for progress output).
   * @default undefined
   */
  onApply?: (migrationName: string) => void;
}

export interface MigrateResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Local migrations that were already applied before this call. */
  alreadyApplied: string[];
}

/** Prisma Migrate's own key ("a unique number we chose to identify Migrate" in prisma-engines). */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The DDL prisma-engines' PostgreSQL flavour runs in create_migrations_table(), verbatim.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

const LOCK_NOT_AVAILABLE = "55P03";

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(connectionString: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);

  // One dedicated connection (not a pool) holds the session-level advisory lock for the whole run, so
  // the lock lives exactly as long as we need it and dies with the connection if we crash.
  const client = new pg.Client({ connectionString });
  client.on("error", () => undefined); // surfaced through the pending query instead of crashing the process
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      return await applyPending(client, migrations, options);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  // lock_timeout bounds advisory-lock waits too; reset afterwards so it never limits migration DDL.
  await client.query("SELECT set_config('lock_timeout', $1, false)", [`${Math.max(1, Math.round(timeoutMs))}ms`]);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new MigrateError(
        "MIGRATION_LOCK_TIMEOUT",
        `Another migration runner held the migration lock for more than ${timeoutMs} ms.`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

async function applyPending(
  client: pg.Client,
  migrations: MigrationFile[],
  options: MigrateOptions,
): Promise<MigrateResult> {
  await ensureMigrationsTable(client);

  const { rows } = await client.query<MigrationRow>(
    "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
  );
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(", ");
    throw new MigrateError(
      "MIGRATION_PREVIOUSLY_FAILED",
      `Migration ${names} started but never finished. Fix the database by hand, then mark it with ` +
        `\`prisma migrate resolve --rolled-back|--applied\` (or delete its _prisma_migrations row).`,
      failed[0]?.migration_name,
    );
  }

  // A row marked rolled back no longer counts: Prisma applies that migration again, so do we.
  const applied = rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const appliedNames = new Set(applied.map((row) => row.migration_name));

  // Check the whole history before touching anything.
  for (const migration of migrations) {
    const edited = applied.find(
      (row) => row.migration_name === migration.name && !matchesChecksum(migration.script, row.checksum),
    );
    if (edited) {
      throw new MigrateError(
        "MIGRATION_CHECKSUM_MISMATCH",
        `Migration ${migration.name} was modified after it was applied (recorded checksum ${edited.checksum}, ` +
          `file has ${migration.checksum}). Revert the edit and add a new migration instead.`,
        migration.name,
      );
    }
  }

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    if (appliedNames.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    options.onApply?.(migration.name);
    await applyOne(client, migration);
    result.applied.push(migration.name);
  }
  return result;
}

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present",
  );
  if (rows[0]?.present) return;

  // Prisma refuses (P3005) to start a history in a schema that already has tables; so do we, rather
  // than run CREATE TABLE against a database something else manages.
  const { rows: tables } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname LIMIT 5`,
  );
  if (tables.length > 0) {
    throw new MigrateError(
      "DATABASE_NOT_EMPTY",
      `The database schema is not empty (tables: ${tables.map((t) => t.relname).join(", ")}) and has no ` +
        `_prisma_migrations table. Baseline it with Prisma, or migrate an empty database.`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  // Unlike Prisma (which leaves a failed row to resolve by hand), the row and the script share one
  // transaction: a failing migration leaves no trace, so fixing the SQL and rerunning is enough.
  // The cost: statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY) are unsupported.
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name)
       VALUES ($1, $2, clock_timestamp(), $3)`,
      [id, migration.checksum, migration.name],
    );
    try {
      await client.query(migration.script); // no parameters: the simple protocol runs many statements
    } catch (error) {
      throw new MigrateError(
        "MIGRATION_FAILED",
        `Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
        migration.name,
        { cause: error },
      );
    }
    await client.query(
      `UPDATE _prisma_migrations
       SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
       WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
