// The in-app schedule: runs the job every interval (timers faked, the database real), reports results,
// skips a round while another holder has the lock, and stops cleanly.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/create-test-database.ts";
import { RETENTION_LOCK_KEY, type CleanupResult } from "./run-cleanup.ts";
import { scheduleCleanup } from "./schedule-cleanup.ts";

const policy = { sessionGraceSeconds: 86_400, auditRetentionDays: 90, alertRetentionDays: 365, batchSize: 100, batchPauseMs: 0, intervalSeconds: 60 };
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject("rotorPgUrl"));
});
afterAll(() => db.drop());

describe("scheduleCleanup", () => {
  it("runs once per interval, skips while the lock is held elsewhere, stops", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const results: CleanupResult[] = [];
    let reported: () => void = () => undefined;
    const next = () => new Promise<void>((resolve) => (reported = resolve));
    const schedule = scheduleCleanup({ pool: db.pool, policy, onResult: (r) => (results.push(r), reported()) });
    try {
      await db.pool.query(
        `INSERT INTO audit_event (id, type, outcome, created_at) VALUES (gen_random_uuid(), 'refresh', 'success', now() - interval '91 days')`,
      );
      let ran = next();
      vi.advanceTimersByTime(60_000);
      await ran;
      expect(results).toEqual([{ ran: true, sessions: 0, refreshTokens: 0, auditEvents: 1, alerts: 0 }]);

      const holder = await db.pool.connect();
      try {
        await holder.query("SELECT pg_advisory_lock($1)", [RETENTION_LOCK_KEY]);
        ran = next();
        vi.advanceTimersByTime(60_000);
        await ran;
        expect(results[1]).toEqual({ ran: false, reason: "locked" });
        await holder.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      } finally {
        holder.release();
      }
    } finally {
      await schedule.stop();
      vi.useRealTimers();
    }
    expect(results).toHaveLength(2);
  });

  it("an interval of 0 schedules nothing", async () => {
    const schedule = scheduleCleanup({ pool: db.pool, policy: { ...policy, intervalSeconds: 0 } });
    await expect(schedule.stop()).resolves.toBeUndefined();
  });
});
