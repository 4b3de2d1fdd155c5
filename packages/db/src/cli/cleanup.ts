// `pnpm db:cleanup`: one run of the retention job (RETENTION_*, AUDIT_RETENTION_DAYS, ALERT_RETENTION_DAYS)
// against DATABASE_URL or the embedded PostgreSQL. Exits 0 after a run, and also when another instance
// holds the job's lock (it is doing the same work).
import { createDatabase } from "../create-prisma-client.ts";
import { readDbEnv } from "../env.ts";
import { parseRetentionEnv } from "../retention/retention-env.ts";
import { runCleanup } from "../retention/run-cleanup.ts";
import { log } from "./log.ts";
import { resolveDatabase } from "./resolve-database.ts";
import { runCli } from "./run-cli.ts";

runCli(async () => {
  const policy = parseRetentionEnv();
  const database = await resolveDatabase(readDbEnv());
  const db = createDatabase({ connectionString: database.connectionString, maxConnections: 1 });
  try {
    const startedAt = performance.now();
    const result = await runCleanup(db.pool, policy);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    log(
      result.ran
        ? `deleted ${result.sessions} session(s), ${result.refreshTokens} refresh token(s), ` +
            `${result.auditEvents} audit row(s), ${result.alerts} alert(s) in ${seconds} s`
        : "another instance is running the cleanup; nothing to do",
    );
    return 0;
  } finally {
    await db.close();
    await database.stop();
  }
});
