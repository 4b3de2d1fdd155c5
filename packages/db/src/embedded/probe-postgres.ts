// Finds out what listens on a port: nothing, a PostgreSQL server that accepts our credentials (which we
// may reuse), or something else (which we must not fight over the port with).
import pg from "pg";

export interface PostgresCredentials {
  host: string;
  port: number;
  user: string;
  password: string;
}

export type ProbeResult = { kind: "free" } | { kind: "accepts-us" } | { kind: "foreign"; reason: string };

export async function probePostgres(credentials: PostgresCredentials): Promise<ProbeResult> {
  const client = new pg.Client({ ...credentials, database: "postgres", connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { kind: "accepts-us" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return { kind: "free" };
    return { kind: "foreign", reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Polls until a server accepts us or `timeoutMs` passes (e.g. while another process finishes starting). */
export async function waitForPostgres(credentials: PostgresCredentials, timeoutMs: number): Promise<ProbeResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probePostgres(credentials);
    if (result.kind === "accepts-us" || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
