// The database every db CLI uses: DATABASE_URL when set (never starting a server then), otherwise the
// project's embedded cluster, reusing it when another process (say `pnpm dev`) already runs it.
import { assertReachableByPostgresUser } from "../embedded/assert-reachable-by-postgres-user.ts";
import { startEmbeddedPostgres } from "../embedded/start-embedded-postgres.ts";
import type { DbEnv } from "../env.ts";
import { defaultPostgresDataDir } from "../paths.ts";
import { log, redactUrl } from "./log.ts";

export interface ResolvedDatabase {
  connectionString: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export async function resolveDatabase(env: DbEnv): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    log(`using DATABASE_URL ${redactUrl(env.DATABASE_URL)}`);
    return { connectionString: env.DATABASE_URL, stop: async () => undefined };
  }
  const dataDir = defaultPostgresDataDir(env);
  await assertReachableByPostgresUser(dataDir);
  const server = await startEmbeddedPostgres({ dataDir, port: env.ROTOR_PG_PORT });
  log(
    server.reused
      ? `using the PostgreSQL already running on port ${server.port}`
      : `started embedded PostgreSQL on port ${server.port} (data in ${dataDir})`,
  );
  return {
    connectionString: server.connectionString,
    stop: async () => {
      if (server.reused) return;
      await server.stop();
      log("stopped embedded PostgreSQL");
    },
  };
}
