// Read models of the operator dashboard (ADMIN, own tenant only): per-minute activity from the audit trail
// and the audit log in keyset pages. Every query is scoped by tenant and served by an index (README
// "Indexes"): audit_event(tenant_id, created_at) for the per-minute series and unfiltered pages,
// (tenant_id, type, created_at), (tenant_id, outcome, created_at) and (tenant_id, user_id, created_at) for
// filtered pages, session(tenant_id, created_at) for the live-session count.
import type { Prisma } from "@rotor/db";
import { auditEventSelect } from "./queries.ts";
import type { AuthSubject, TokenServiceDeps } from "./types.ts";

export interface MinuteStats {
  minute: Date;
  refreshes: number;
  logins: number;
  failures: number;
  alerts: number;
  /** Refresh latency percentiles (ms) of the minute's successful refreshes; null without any. */
  refreshP50: number | null;
  refreshP99: number | null;
}

export interface OperationsStats {
  minutes: MinuteStats[];
  activeSessions: number;
}

const MINUTE = 60_000;

export async function operationsStats(deps: TokenServiceDeps, actor: AuthSubject, minutes: number): Promise<OperationsStats> {
  const now = deps.clock();
  const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const start = new Date(end - minutes * MINUTE);
  const rows = await deps.prisma.$queryRaw<
    { minute: Date; refreshes: bigint; logins: bigint; failures: bigint; alerts: bigint; p50: number | null; p99: number | null }[]
  >`
    SELECT date_trunc('minute', created_at) AS minute,
           count(*) FILTER (WHERE type = 'refresh' AND outcome = 'success') AS refreshes,
           count(*) FILTER (WHERE type = 'login' AND outcome = 'success') AS logins,
           count(*) FILTER (WHERE outcome = 'failure') AS failures,
           count(*) FILTER (WHERE outcome = 'alert') AS alerts,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE type = 'refresh' AND outcome = 'success') AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE type = 'refresh' AND outcome = 'success') AS p99
      FROM audit_event
     WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${start} AND created_at < ${new Date(end)}
     GROUP BY 1`;
  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  // Every minute of the window, quiet ones as zeros, so charts keep a true time axis.
  const series: MinuteStats[] = [];
  for (let t = start.getTime(); t < end; t += MINUTE) {
    const row = byMinute.get(t);
    series.push({
      minute: new Date(t),
      refreshes: Number(row?.refreshes ?? 0),
      logins: Number(row?.logins ?? 0),
      failures: Number(row?.failures ?? 0),
      alerts: Number(row?.alerts ?? 0),
      refreshP50: row?.p50 ?? null,
      refreshP99: row?.p99 ?? null,
    });
  }
  const nowDate = new Date(now);
  const activeSessions = await deps.prisma.session.count({
    where: { tenantId: actor.tenantId, revokedAt: null, idleExpiresAt: { gt: nowDate }, absoluteExpiresAt: { gt: nowDate } },
  });
  return { minutes: series, activeSessions };
}

export interface AuditPageQuery {
  type?: string;
  outcome?: "success" | "failure" | "alert";
  userId?: string;
  /** Inclusive lower bound of created_at. */
  from?: Date;
  /** Exclusive upper bound of created_at. */
  to?: Date;
  /** The last row of the previous page: this page starts strictly after it (newest first). */
  after?: { createdAt: Date; id: string };
  /** @default 50 */
  limit?: number;
}

export async function pageTenantAudit(deps: TokenServiceDeps, actor: AuthSubject, query: AuditPageQuery) {
  const limit = Math.min(query.limit ?? 50, 200);
  const where: Prisma.AuditEventWhereInput = {
    tenantId: actor.tenantId,
    ...(query.type ? { type: query.type } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const { after } = query;
  const rows = await deps.prisma.auditEvent.findMany({
    where: after
      ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: auditEventSelect,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
