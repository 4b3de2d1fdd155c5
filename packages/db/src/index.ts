// Public surface of @rotor/db: the Prisma client factory and its types, the migration runner, the
// embedded PostgreSQL starter, demo seed data and the env helpers. Test helpers: `@rotor/db/testing`.
export { createDatabase, type CreatePrismaClientOptions, type Database } from "./create-prisma-client.ts";
export { PrismaClient, Prisma } from "./generated/client.ts";
export type { Role, Tenant, User, Session, RefreshToken, AuditEvent } from "./generated/client.ts";
export { Role as RoleEnum } from "./generated/enums.ts";

export { migrate, PRISMA_MIGRATE_LOCK_KEY, type MigrateOptions, type MigrateResult } from "./migrate/migrate.ts";
export { MigrateError, type MigrateErrorCode } from "./migrate/migrate-error.ts";

export {
  startEmbeddedPostgres,
  type StartEmbeddedPostgresOptions,
  type RunningPostgres,
} from "./embedded/start-embedded-postgres.ts";
export { EmbeddedPostgresError, type EmbeddedPostgresErrorCode } from "./embedded/embedded-postgres-error.ts";

export { seedDemoData, type SeedDemoDataOptions, type SeedDemoDataResult } from "./seed/seed-demo-data.ts";
export {
  DEMO_CREDENTIALS,
  DEMO_PASSWORD,
  DEMO_TENANTS,
  type DemoCredential,
  type DemoTenant,
} from "./seed/demo-credentials.ts";
export { SeedRefusedError } from "./seed/seed-refused-error.ts";

export { readDbEnv, isProduction, childProcessEnv, dbEnvSchema, EnvError, type DbEnv } from "./env.ts";
export { isTransientDatabaseError } from "./errors/is-transient-database-error.ts";
export { defaultPostgresDataDir, migrationsDir, repoRoot } from "./paths.ts";

export { parseRetentionEnv, retentionEnvSchema, type RetentionPolicy } from "./retention/retention-env.ts";
export {
  runCleanup,
  RETENTION_LOCK_KEY,
  type CleanupCounts,
  type CleanupResult,
  type RunCleanupOptions,
} from "./retention/run-cleanup.ts";
export { scheduleCleanup, type CleanupSchedule, type ScheduleCleanupOptions } from "./retention/schedule-cleanup.ts";
