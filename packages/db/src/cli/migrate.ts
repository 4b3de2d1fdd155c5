// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PostgreSQL.
import { readDbEnv } from "../env.ts";
import { migrate } from "../migrate/migrate.ts";
import { log } from "./log.ts";
import { resolveDatabase } from "./resolve-database.ts";
import { runCli } from "./run-cli.ts";

runCli(async () => {
  const database = await resolveDatabase(readDbEnv());
  try {
    const result = await migrate(database.connectionString, { onApply: (name) => log(`applying ${name}`) });
    log(
      result.applied.length > 0
        ? `applied ${result.applied.length} migration(s)`
        : `database is up to date (${result.alreadyApplied.length} migration(s) applied earlier)`,
    );
    return 0;
  } finally {
    await database.stop();
  }
});
