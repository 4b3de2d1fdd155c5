// Why migrate() refused or failed; callers (CLIs, tests, app start-up) switch on `code`.
export type MigrateErrorCode =
  /** An applied migration's migration.sql was edited after it ran (sha256 differs from the row). */
  | "MIGRATION_CHECKSUM_MISMATCH"
  /** `_prisma_migrations` holds a started-but-unfinished row (e.g. from a failed `prisma migrate deploy`). */
  | "MIGRATION_PREVIOUSLY_FAILED"
  /** A migration's SQL failed now; its transaction was rolled back and nothing was recorded. */
  | "MIGRATION_FAILED"
  /** Another runner held the migration lock longer than `lockTimeoutMs`. */
  | "MIGRATION_LOCK_TIMEOUT"
  /** The schema has tables but no `_prisma_migrations`: not a database these migrations created. */
  | "DATABASE_NOT_EMPTY"
  /** The migrations directory is missing or a migration folder has no migration.sql. */
  | "MIGRATIONS_DIR_INVALID";

export class MigrateError extends Error {
  override name = "MigrateError";

  constructor(
    readonly code: MigrateErrorCode,
    message: string,
    /** The migration concerned, when there is one. */
    readonly migrationName?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
