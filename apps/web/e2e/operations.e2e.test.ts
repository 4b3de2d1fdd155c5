// The operator dashboard in real Chromium against the production build, with data: real sign-ins,
// refreshes, failures and a reuse alert over HTTP, plus an hour of backfilled refresh rows so the charts
// have a history. Checks the charts render under the CSP (no violation reported), the audit log pages by
// keyset, filters and shows details, and saves docs/screenshots/operations.png.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";
import { login, refresh } from "./support/trpc-http";

const screenshotPath = join(import.meta.dirname, "..", "..", "..", "docs", "screenshots", "operations.png");

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp({ env: { AUTH_REFRESH_REUSE_INTERVAL: "1" } });
});
afterAll(async () => {
  await app?.stop();
});

async function generateActivity(): Promise<void> {
  const { acmeUser, acmeManager, acmeAdmin } = DEMO_CREDENTIALS;
  const tenant = await app.db.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
  const users = await app.db.prisma.user.findMany({ where: { tenantId: tenant.id } });
  // An hour of history: refreshes and sign-ins with latencies, a few failures, two alerts.
  const now = Date.now();
  const rows = [];
  for (let minute = 60; minute >= 1; minute--) {
    const at = now - minute * 60_000;
    const busy = 4 + Math.round(3 * Math.sin(minute / 6)) + (minute % 7);
    for (let i = 0; i < busy; i++) {
      rows.push({
        type: "refresh",
        outcome: "success",
        tenantId: tenant.id,
        userId: users[i % users.length]!.id,
        ip: `203.0.113.${(i % 5) + 1}`,
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0",
        latencyMs: 3 + ((i * 7 + minute) % 9) + (i === busy - 1 ? 20 + (minute % 15) : 0),
        createdAt: new Date(at + i * 1000),
      });
    }
    if (minute % 10 === 0) rows.push({ type: "login", outcome: "success", tenantId: tenant.id, userId: users[0]!.id, createdAt: new Date(at) });
    if (minute % 9 === 0) {
      rows.push({ type: "login", outcome: "failure", tenantId: tenant.id, userId: users[1]!.id, details: { reason: "wrong-password" }, createdAt: new Date(at) });
    }
    if (minute === 42 || minute === 17) {
      rows.push({ type: "alert-brute-force-account", outcome: "alert", tenantId: tenant.id, userId: users[1]!.id, ip: "198.51.100.7", details: { failures: 10, windowSec: 300 }, createdAt: new Date(at) });
    }
  }
  await app.db.prisma.auditEvent.createMany({ data: rows });

  // And now, for real over HTTP: sign-ins, rotations, a wrong password and a reuse.
  const a = await login(app.url, acmeUser);
  await login(app.url, acmeManager);
  await login(app.url, acmeAdmin);
  expect((await login(app.url, { ...acmeUser, password: "wrong" })).status).toBe(401);
  let token = a.data!.refreshToken;
  for (let i = 0; i < 5; i++) token = (await refresh(app.url, token)).data!.refreshToken;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await refresh(app.url, a.data!.refreshToken)).error?.authCode).toBe("REFRESH_TOKEN_REUSED");
}

describe("operator dashboard", () => {
  it("renders charts and the audit log with data under the CSP, pages by keyset, filters, shows details", async () => {
    await generateActivity();
    const context = await app.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to: ${event.violatedDirective}`));
    });
    await app.signIn(page, DEMO_CREDENTIALS.acmeAdmin);
    await page.goto("/audit");
    await page.getByTestId("chart-activity").waitFor();
    await page.getByTestId("audit-table").waitFor();

    // Charts drew lines, the live-session count is there.
    for (const chart of ["chart-activity", "chart-latency", "chart-alerts"]) {
      const paths = await page.locator(`[data-testid="${chart}"] path.chart-line`).evaluateAll((els) => els.map((el) => el.getAttribute("d") ?? ""));
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.every((d) => d.startsWith("M"))).toBe(true);
    }
    expect(Number(await page.locator('[data-testid="active-sessions"] .stat-value').textContent())).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: screenshotPath, fullPage: true });

    // Keyset paging: the second page starts after the first, without overlap.
    const firstTimes = await page.locator('[data-testid="audit-table"] tbody tr:not(.details-row) td:first-child').allTextContents();
    expect(firstTimes).toHaveLength(25);
    const firstPage = await page.locator('[data-testid="audit-table"] tbody tr').first().innerHTML();
    await page.getByTestId("audit-older").click();
    await page.waitForFunction((html) => document.querySelector('[data-testid="audit-table"] tbody tr')?.innerHTML !== html, firstPage);
    expect(await page.getByText("Page 2").count()).toBe(1);

    // Filters: alerts only (the reuse and the two backfilled brute-force alerts).
    await page.getByTestId("audit-outcome").selectOption("alert");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 3);
    expect(await page.locator("tr.alert").count()).toBe(3);
    // Details of the newest: the reuse, with its IP and tenant.
    await page.getByRole("button", { name: "Details" }).first().click();
    const details = page.getByTestId("audit-details");
    await details.waitFor();
    expect(await details.textContent()).toContain("127.0.0.1");
    expect(violations).toEqual([]);
    await context.close();
  });
});
