// The retention job: deletes what the service can no longer need, in short keyset batches, one instance at a
// time (a PostgreSQL session-level advisory lock, held on the one connection the whole run uses).
//
// What goes, and why it is safe (see README "Retention"):
// - An ended session (revoked, or idle-expired; idle expiry never passes absolute expiry) with ALL its
//   refresh tokens, once it ended more than `sessionGraceSeconds` ago. Rotated tokens of a live session are
//   never deleted: presenting one after the reuse interval is how reuse is detected, and that must work for
//   as long as the session (the token family) lives. After the end of a session no token of it can rotate
//   again; within the grace a presented token still gets its precise answer (SESSION_REVOKED / _EXPIRED,
//   REFRESH_TOKEN_EXPIRED), after it REFRESH_TOKEN_INVALID: a refusal either way.
// - Audit rows older than `auditRetentionDays`, alerts older than `alertRetentionDays`.
//
// Every batch is one autocommit statement whose rows are picked with FOR UPDATE SKIP LOCKED: a row a refresh
// holds is skipped (and retried on the next run), never waited for. Batches walk indexes in keyset order
// (session.revoked_at, session.idle_expires_at, audit_event(created_at, id)), so a skipped row does not make
// the next batch scan it again. Between statements the job pauses `batchPauseMs`, so on a busy machine it
// takes a share of PostgreSQL and of the cores instead of competing with rotations for all of them.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { RetentionPolicy } from "./retention-env.ts";

/** Advisory lock key of the retention job ("rotor-rt" in ASCII); Prisma's migrate lock uses another. */
export const RETENTION_LOCK_KEY = 0x726f746f722d7274n;

export interface CleanupCounts {
  sessions: number;
  refreshTokens: number;
  auditEvents: number;
  alerts: number;
}

export type CleanupResult = ({ ran: true } & CleanupCounts) | { ran: false; reason: "locked" };

export interface RunCleanupOptions {
  /** The current time. @default new Date() */
  now?: Date;
  /** Stops between batches when aborted (shutdown); what was deleted stays deleted. */
  signal?: AbortSignal;
}

type Policy = Pick<RetentionPolicy, "sessionGraceSeconds" | "auditRetentionDays" | "alertRetentionDays" | "batchSize"> &
  Partial<Pick<RetentionPolicy, "batchPauseMs">>;

/** Waits between two delete statements; an abort (shutdown) ends the wait early, the loop then stops. */
function pauser(ms: number, signal: AbortSignal | undefined): () => Promise<void> {
  return ms > 0 ? () => sleep(ms, undefined, signal ? { signal } : {}).catch(() => undefined) : () => Promise.resolve();
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MIN_UUID = "00000000-0000-0000-0000-000000000000";

export async function runCleanup(pool: pg.Pool, policy: Policy, options: RunCleanupOptions = {}): Promise<CleanupResult> {
  const now = options.now ?? new Date();
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [RETENTION_LOCK_KEY]);
    if (!rows[0]?.locked) return { ran: false, reason: "locked" };
    try {
      const counts: CleanupCounts = { sessions: 0, refreshTokens: 0, auditEvents: 0, alerts: 0 };
      const pause = pauser(policy.batchPauseMs ?? 0, options.signal);
      const sessionCutoff = new Date(now.getTime() - policy.sessionGraceSeconds * 1000);
      for (const column of ["revoked_at", "idle_expires_at"] as const) {
        await deleteEndedSessions(client, column, sessionCutoff, policy.batchSize, counts, options.signal, pause);
      }
      counts.auditEvents = await deleteAudit(client, "non-alert", new Date(now.getTime() - policy.auditRetentionDays * DAY_MS), policy.batchSize, options.signal, pause);
      counts.alerts = await deleteAudit(client, "alert", new Date(now.getTime() - policy.alertRetentionDays * DAY_MS), policy.batchSize, options.signal, pause);
      return { ran: true, ...counts };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]).catch((error: unknown) => {
        // The lock lives as long as the connection: destroy it rather than return a locked one to the pool.
        broken = error instanceof Error ? error : new Error(String(error));
      });
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

async function deleteEndedSessions(
  client: pg.PoolClient,
  column: "revoked_at" | "idle_expires_at",
  cutoff: Date,
  batchSize: number,
  counts: CleanupCounts,
  signal: AbortSignal | undefined,
  pause: () => Promise<void>,
): Promise<void> {
  let cursor: { at: Date | string; id: string } = { at: "-infinity", id: MIN_UUID };
  while (!signal?.aborted) {
    // The column names are two fixed literals (never input).
    const { rows } = await client.query<{ id: string; at: Date }>(
      `SELECT id, ${column} AS at FROM "session"
        WHERE ${column} < $1 AND (${column}, id) > ($2::timestamptz, $3::uuid)
        ORDER BY ${column}, id LIMIT $4`,
      [cutoff, cursor.at, cursor.id, batchSize],
    );
    const last = rows.at(-1);
    if (!last) return;
    cursor = { at: last.at, id: last.id };
    const ids = rows.map((row) => row.id);
    for (;;) {
      const deleted = await client.query(
        `WITH doomed AS (
           SELECT id FROM refresh_token WHERE session_id = ANY($1::uuid[]) LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         DELETE FROM refresh_token rt USING doomed WHERE rt.id = doomed.id`,
        [ids, batchSize],
      );
      counts.refreshTokens += deleted.rowCount ?? 0;
      await pause();
      if ((deleted.rowCount ?? 0) < batchSize || signal?.aborted) break;
    }
    // Only sessions whose tokens are all gone: one with a token a refresh held is left for the next run.
    const sessions = await client.query(
      `WITH doomed AS (
         SELECT id FROM "session" WHERE id = ANY($1::uuid[]) AND ${column} < $2 FOR UPDATE SKIP LOCKED
       )
       DELETE FROM "session" s USING doomed
        WHERE s.id = doomed.id AND NOT EXISTS (SELECT 1 FROM refresh_token rt WHERE rt.session_id = s.id)`,
      [ids, cutoff],
    );
    counts.sessions += sessions.rowCount ?? 0;
    if (rows.length < batchSize) return;
    await pause();
  }
}

async function deleteAudit(
  client: pg.PoolClient,
  kind: "alert" | "non-alert",
  cutoff: Date,
  batchSize: number,
  signal: AbortSignal | undefined,
  pause: () => Promise<void>,
): Promise<number> {
  const outcome = kind === "alert" ? "outcome = 'alert'" : "outcome <> 'alert'";
  let cursor: { at: Date | string; id: string } = { at: "-infinity", id: MIN_UUID };
  let total = 0;
  while (!signal?.aborted) {
    const { rows } = await client.query<{ id: string; at: Date }>(
      `WITH doomed AS (
         SELECT id, created_at FROM audit_event
          WHERE created_at < $1 AND (created_at, id) > ($2::timestamptz, $3::uuid) AND ${outcome}
          ORDER BY created_at, id LIMIT $4 FOR UPDATE SKIP LOCKED
       )
       DELETE FROM audit_event a USING doomed WHERE a.id = doomed.id RETURNING a.id, a.created_at AS at`,
      [cutoff, cursor.at, cursor.id, batchSize],
    );
    total += rows.length;
    if (rows.length < batchSize) return total;
    await pause();
    // RETURNING has no order: the cursor is the greatest (created_at, id) deleted (uuids compare like their
    // lower-case hex text).
    cursor = rows.reduce((max, row) => (isAfter(row, max) ? row : max));
  }
  return total;
}

function isAfter(a: { at: Date; id: string }, b: { at: Date; id: string }): boolean {
  const delta = a.at.getTime() - b.at.getTime();
  return delta > 0 || (delta === 0 && a.id > b.id);
}
