// Audit rows are written by the same transaction as the change they record, so the trail never claims
// something that was rolled back nor misses something that happened.
import type { Prisma } from "@rotor/db";
import type { RequestMeta } from "./types.ts";

export type AuditType =
  | "login"
  | "refresh"
  | "refresh-token-reused"
  | "logout"
  | "logout-all"
  | "session-revoked"
  | "session-expired"
  | "rate-limited"
  // Alerts raised by @rotor/api's alert monitor (outcome "alert"; the evidence in details).
  | "alert-refresh-storm"
  | "alert-brute-force-account"
  | "alert-brute-force-ip"
  | "alert-many-ips"
  | "service-credential-created"
  | "service-credential-revoked"
  | "token-revoked-by-service";

export type AuditOutcome = "success" | "failure" | "alert";

export interface AuditInput {
  type: AuditType;
  outcome: AuditOutcome;
  meta: RequestMeta;
  startedAt: number;
  userId?: string | null;
  sessionId?: string | null;
  tenantId?: string | null;
  details?: Prisma.InputJsonObject;
}

/** Builds the row; `performance.now()` deltas give latency without depending on the injected wall clock. */
export function auditRow(input: AuditInput, createdAt: Date): Prisma.AuditEventUncheckedCreateInput {
  return {
    type: input.type,
    outcome: input.outcome,
    userId: input.userId ?? null,
    sessionId: input.sessionId ?? null,
    tenantId: input.tenantId ?? null,
    ip: input.meta.ip?.slice(0, 64) ?? null,
    userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
    latencyMs: Math.round(performance.now() - input.startedAt),
    details: input.details ?? {},
    createdAt,
  };
}
