import { createHash, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { migrationsDir } from "../paths.ts";
import { createTestDatabase, type TestDatabase } from "../testing/create-test-database.ts";
import { migrate, PRISMA_MIGRATE_LOCK_KEY } from "./migrate.ts";

const adminUrl = inject("rotorPgUrl");
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase(adminUrl, { migrate: false });
  cleanups.push(() => database.drop());
  return database;
}

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A throwaway migrations directory: { "001_a": "CREATE TABLE ..." }. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rotor-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/** The repository's migrations, in the order they apply. */
const repoMigrations = async () => (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

const rowsOf = (url: string) => query<MigrationRow>(url, "SELECT * FROM _prisma_migrations ORDER BY started_at");

describe("migrate", () => {
  it("applies the repository's migrations to an empty database and records them as Prisma does", async () => {
    const { connectionString } = await emptyDatabase();

    const result = await migrate(connectionString);

    const names = await repoMigrations();
    expect(names[0]).toBe("20261122000000_init");
    expect(result).toEqual({ applied: names, alreadyApplied: [] });
    const rows = await rowsOf(connectionString);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await readFile(join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row).toMatchObject({
        checksum: createHash("sha256").update(file).digest("hex"),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
    const tables = await query<{ table_name: string }>(
      connectionString,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      "_prisma_migrations",
      "audit_event",
      "refresh_token",
      "service_credential",
      "session",
      "tenant",
      "user",
    ]);
  });

  it("creates _prisma_migrations with exactly the columns Prisma's engine creates", async () => {
    const { connectionString } = await emptyDatabase();
    await migrate(connectionString);

    const columns = await query(
      connectionString,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", length: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", length: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", length: null, is_nullable: "NO", column_default: "0" },
    ]);
    const [pk] = await query<{ columns: string[] }>(
      connectionString,
      `SELECT array(SELECT a.attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k)::text[] AS columns
       FROM pg_constraint c WHERE c.conrelid = '_prisma_migrations'::regclass AND c.contype = 'p'`,
    );
    expect(pk?.columns).toEqual(["id"]);
  });

  it("does nothing on a second run", async () => {
    const { connectionString } = await emptyDatabase();
    await migrate(connectionString);
    const before = await rowsOf(connectionString);

    const result = await migrate(connectionString);

    expect(result).toEqual({ applied: [], alreadyApplied: await repoMigrations() });
    expect(await rowsOf(connectionString)).toEqual(before);
  });

  it("applies each migration exactly once when two runners start together", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({
      // The sleep keeps the first runner inside the lock while the second one arrives.
      "001_slow": "SELECT pg_sleep(0.3); CREATE TABLE a (id int);",
      "002_b": "CREATE TABLE b (id int);",
      "003_c": "CREATE TABLE c (id int);",
    });

    const results = await Promise.all([migrate(connectionString, { migrationsDir: dir }), migrate(connectionString, { migrationsDir: dir })]);

    expect(results.flatMap((r) => r.applied).sort()).toEqual(["001_slow", "002_b", "003_c"]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 3]);
    const rows = await rowsOf(connectionString);
    expect(rows.map((r) => r.migration_name)).toEqual(["001_slow", "002_b", "003_c"]);
  });

  it("waits for Prisma's advisory lock and gives up after lockTimeoutMs", async () => {
    const { connectionString } = await emptyDatabase();
    const holder = new pg.Client({ connectionString });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);

    await expect(migrate(connectionString, { lockTimeoutMs: 200 })).rejects.toMatchObject({ code: "MIGRATION_LOCK_TIMEOUT" });
    expect(await query(connectionString, "SELECT to_regclass('_prisma_migrations') AS t")).toEqual([{ t: null }]);
  });

  it("refuses when an applied migration was edited", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({ "001_a": "CREATE TABLE a (id int);" });
    await migrate(connectionString, { migrationsDir: dir });
    await writeFile(join(dir, "001_a", "migration.sql"), "CREATE TABLE a (id bigint);");

    await expect(migrate(connectionString, { migrationsDir: dir })).rejects.toMatchObject({
      code: "MIGRATION_CHECKSUM_MISMATCH",
      migrationName: "001_a",
    });
  });

  it("accepts an applied migration checked out with CRLF line endings, as Prisma does", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({ "001_a": "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n" });
    await migrate(connectionString, { migrationsDir: dir });
    await writeFile(join(dir, "001_a", "migration.sql"), "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");

    await expect(migrate(connectionString, { migrationsDir: dir })).resolves.toEqual({ applied: [], alreadyApplied: ["001_a"] });
  });

  it("refuses while a failed migration is recorded", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({ "001_a": "CREATE TABLE a (id int);", "002_b": "CREATE TABLE b (id int);" });
    await migrate(connectionString, { migrationsDir: dir });
    // What `prisma migrate deploy` leaves behind when a migration fails half-way.
    await query(
      connectionString,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('${randomUUID()}', 'x', '003_c', 'boom')`,
    );

    await expect(migrate(connectionString, { migrationsDir: dir })).rejects.toMatchObject({
      code: "MIGRATION_PREVIOUSLY_FAILED",
      migrationName: "003_c",
    });
  });

  it("re-applies a migration marked rolled back", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({ "001_a": "CREATE TABLE a (id int);" });
    await migrate(connectionString, { migrationsDir: dir });
    await query(connectionString, "DROP TABLE a; UPDATE _prisma_migrations SET rolled_back_at = now()");

    await expect(migrate(connectionString, { migrationsDir: dir })).resolves.toEqual({ applied: ["001_a"], alreadyApplied: [] });
    expect((await rowsOf(connectionString)).length).toBe(2);
  });

  it("rolls a failing migration back completely and records nothing for it", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({
      "001_a": "CREATE TABLE a (id int);",
      "002_b": "CREATE TABLE b (id int); SELECT 1/0;",
    });

    await expect(migrate(connectionString, { migrationsDir: dir })).rejects.toMatchObject({
      code: "MIGRATION_FAILED",
      migrationName: "002_b",
    });

    expect((await rowsOf(connectionString)).map((r) => r.migration_name)).toEqual(["001_a"]);
    expect(await query(connectionString, "SELECT to_regclass('b') AS t")).toEqual([{ t: null }]);
  });

  it("refuses a non-empty database that has no migration history", async () => {
    const { connectionString } = await emptyDatabase();
    await query(connectionString, "CREATE TABLE legacy (id int)");

    await expect(migrate(connectionString)).rejects.toMatchObject({ code: "DATABASE_NOT_EMPTY" });
  });

  it("reports a migration folder without migration.sql", async () => {
    const { connectionString } = await emptyDatabase();
    const dir = await migrationsFolder({});
    await mkdir(join(dir, "001_empty"));

    await expect(migrate(connectionString, { migrationsDir: dir })).rejects.toMatchObject({
      code: "MIGRATIONS_DIR_INVALID",
      migrationName: "001_empty",
    });
  });
});
