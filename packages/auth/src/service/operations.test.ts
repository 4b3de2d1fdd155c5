// The operator dashboard's read models on a real database: per-minute series, keyset pages without gaps
// or overlaps, filters, and nothing from another tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import type { AuthSubject } from "./types.ts";

let t: TestAuth;
let admin: AuthSubject;
beforeAll(async () => {
  t = await createTestAuth();
  const pair = await t.loginAs("admin@acme.test");
  admin = await t.service.authenticate(pair.accessToken);
  const now = t.clock();
  const acme = t.tenants.acme.id;
  // 3 minutes of refreshes (latency 10..19 ms), a failure, an alert; one same-timestamp pair; globex noise.
  const rows = [];
  for (let m = 1; m <= 3; m++) {
    for (let i = 0; i < 10; i++) {
      rows.push({ type: "refresh", outcome: "success", tenantId: acme, userId: t.users.acmeUser.id, latencyMs: 10 + i, createdAt: new Date(now - m * 60_000 + i * 1000) });
    }
  }
  rows.push({ type: "login", outcome: "failure", tenantId: acme, userId: t.users.acmeManager.id, createdAt: new Date(now - 30_000) });
  rows.push({ type: "refresh-token-reused", outcome: "alert", tenantId: acme, userId: t.users.acmeUser.id, createdAt: new Date(now - 30_000) });
  rows.push({ type: "refresh", outcome: "success", tenantId: t.tenants.globex.id, userId: t.users.globexAdmin.id, latencyMs: 999, createdAt: new Date(now - 60_000) });
  await t.prisma.auditEvent.createMany({ data: rows });
});
afterAll(() => t.close());

describe("operations read models", () => {
  it("per-minute counts and refresh latency percentiles of the tenant, every minute present", async () => {
    const stats = await t.service.operationsStats(admin, 10);
    expect(stats.minutes).toHaveLength(10);
    const busy = stats.minutes.filter((m) => m.refreshes > 0);
    expect(busy.map((m) => m.refreshes)).toEqual([10, 10, 10]);
    expect(busy.every((m) => m.refreshP50 === 14.5 && m.refreshP99 !== null && m.refreshP99 > 18.9 && m.refreshP99 <= 19)).toBe(true);
    const totals = (key: "failures" | "alerts" | "logins") => stats.minutes.reduce((n, m) => n + m[key], 0);
    expect([totals("failures"), totals("alerts"), totals("logins")]).toEqual([1, 1, 1]);
    expect(stats.activeSessions).toBe(1);
  });

  it("keyset pages cover every row of the tenant exactly once, newest first", async () => {
    const seen: string[] = [];
    const times: number[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await t.service.pageTenantAudit(admin, { limit: 7, ...(after ? { after } : {}) });
      seen.push(...page.items.map((e) => e.id));
      times.push(...page.items.map((e) => e.createdAt.getTime()));
      expect(page.items.every((e) => e.tenantId === t.tenants.acme.id)).toBe(true);
      if (!page.next) break;
      after = page.next;
    }
    const total = await t.prisma.auditEvent.count({ where: { tenantId: t.tenants.acme.id } });
    expect(new Set(seen).size).toBe(total);
    expect(seen).toHaveLength(total);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("filters by type, outcome, user and time range", async () => {
    const alerts = await t.service.pageTenantAudit(admin, { outcome: "alert" });
    expect(alerts.items.map((e) => e.type)).toEqual(["refresh-token-reused"]);
    const manager = await t.service.pageTenantAudit(admin, { userId: t.users.acmeManager.id });
    expect(manager.items.map((e) => e.type)).toEqual(["login"]);
    const refreshes = await t.service.pageTenantAudit(admin, { type: "refresh", from: new Date(t.clock() - 120_000), to: new Date(t.clock() - 60_000) });
    expect(refreshes.items).toHaveLength(10);
    // Another tenant's user id finds nothing.
    expect((await t.service.pageTenantAudit(admin, { userId: t.users.globexAdmin.id })).items).toEqual([]);
  });
});
