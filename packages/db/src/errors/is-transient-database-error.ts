// Tells a transient infrastructure failure (the database went away, a connection was cut, the pool could
// not hand out a connection in time, PostgreSQL refused a transaction only because of a concurrent one)
// from a bug. Such a failure changed nothing that was not rolled back, so the caller may answer "try again"
// (503) instead of 500. The one place that knows every wrapping: pg's own errors (SQLSTATE in `code`),
// Node's socket errors, @prisma/adapter-pg's DriverAdapterError (`cause.kind` / `cause.originalCode`)
// and Prisma's known request errors (`P1001`...), which nest the others in `cause` or `meta`.

/** SQLSTATEs that mean "not your statement's fault; the same statement may succeed on a retry". */
const TRANSIENT_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "53300", // too_many_connections
  "55P03", // lock_not_available
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
]);

/** Whole SQLSTATE classes: 08 connection exception. */
const TRANSIENT_SQLSTATE_CLASSES = ["08"];

const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);

/** Prisma error codes for the same conditions (connection, timeouts, pool, write conflicts). */
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034", "P2037"]);

/** @prisma/adapter-pg's DriverAdapterError kinds. */
const TRANSIENT_ADAPTER_KINDS = new Set([
  "ConnectionClosed",
  "DatabaseNotReachable",
  "SocketTimeout",
  "TransactionWriteConflict",
  "TooManyConnections",
]);

/**
 * pg raises these without a code: the server closed the socket, or the pool's `connectionTimeoutMillis`
 * passed. Their texts are fixed strings in pg and pg-pool.
 */
const TRANSIENT_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "terminating connection due to administrator command",
];

function isTransientCode(code: unknown): boolean {
  if (typeof code !== "string") return false;
  return (
    TRANSIENT_SQLSTATES.has(code) ||
    TRANSIENT_NODE_CODES.has(code) ||
    TRANSIENT_PRISMA_CODES.has(code) ||
    (code.length === 5 && TRANSIENT_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix)))
  );
}

function isTransientNode(value: object): boolean {
  const record = value as Record<string, unknown>;
  if (isTransientCode(record.code) || isTransientCode(record.originalCode)) return true;
  if (typeof record.kind === "string" && TRANSIENT_ADAPTER_KINDS.has(record.kind)) return true;
  const message = record.message;
  return typeof message === "string" && TRANSIENT_MESSAGES.some((text) => message.includes(text));
}

/**
 * True when `error`, or anything it wraps (`cause`, `meta.driverAdapterError`, AggregateError members),
 * is a transient database or connection failure. Bounded walk: wrappers are never deeper than a few levels.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 32) {
    const value = queue.shift();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (isTransientNode(value)) return true;
    const record = value as Record<string, unknown>;
    queue.push(record.cause);
    if (typeof record.meta === "object" && record.meta !== null) {
      const meta = record.meta as Record<string, unknown>;
      queue.push(meta.driverAdapterError, meta.cause);
    }
    if (Array.isArray(record.errors)) queue.push(...(record.errors as unknown[]).slice(0, 8));
  }
  return false;
}
