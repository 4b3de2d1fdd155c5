// What the retention job keeps and for how long, from the environment (validated with zod); with env.ts the
// only reader of process.env in @rotor/db. The policy and
// why each default is safe are in the README's "Retention" section.
import { z } from "zod";
import { EnvError } from "../env.ts";

const DAY = 24 * 60 * 60;

export const retentionEnvSchema = z
  .object({
    /**
     * Seconds an ended session (revoked, or idle/absolutely expired) and all its refresh tokens are kept
     * after it ended. Must outlive the session's last access token (the app checks it against
     * AUTH_ACCESS_TOKEN_TTL + AUTH_CLOCK_TOLERANCE).
     */
    RETENTION_SESSION_GRACE: z.coerce.number().int().positive().default(DAY),
    /** Days audit rows are kept (alerts excepted). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
    /** Days alert rows (`outcome = 'alert'`) are kept. */
    ALERT_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
    /** Rows per statement: each batch is one short autocommit statement. */
    RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1000),
    /** Milliseconds the job waits between two delete statements (0: none), leaving room for rotations. */
    RETENTION_BATCH_PAUSE_MS: z.coerce.number().int().min(0).max(10_000).default(20),
    /** Seconds between scheduled runs inside the app; 0 turns the schedule off (use `pnpm db:cleanup`). */
    RETENTION_INTERVAL_SECONDS: z.coerce.number().int().nonnegative().default(3600),
  })
  .refine((env) => env.ALERT_RETENTION_DAYS >= env.AUDIT_RETENTION_DAYS, {
    message: "ALERT_RETENTION_DAYS must not be shorter than AUDIT_RETENTION_DAYS",
    path: ["ALERT_RETENTION_DAYS"],
  });

export interface RetentionPolicy {
  /** Seconds an ended session and its tokens are kept. @default 86400 */
  sessionGraceSeconds: number;
  /** @default 90 */
  auditRetentionDays: number;
  /** @default 365 */
  alertRetentionDays: number;
  /** @default 1000 */
  batchSize: number;
  /** Pause between delete statements. @default 20 */
  batchPauseMs: number;
  /** Seconds between scheduled runs; 0 = no schedule. @default 3600 */
  intervalSeconds: number;
}

export function parseRetentionEnv(source: Record<string, string | undefined> = process.env): RetentionPolicy {
  const parsed = retentionEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid retention environment:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  return {
    sessionGraceSeconds: env.RETENTION_SESSION_GRACE,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    alertRetentionDays: env.ALERT_RETENTION_DAYS,
    batchSize: env.RETENTION_BATCH_SIZE,
    batchPauseMs: env.RETENTION_BATCH_PAUSE_MS,
    intervalSeconds: env.RETENTION_INTERVAL_SECONDS,
  };
}
