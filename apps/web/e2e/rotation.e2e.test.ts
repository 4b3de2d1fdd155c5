// Server-side rotation of the web session: the user stays signed in across access-token expiries, the
// rotated cookie is what the browser keeps, and tabs racing near expiry all survive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hashRefreshToken } from "@rotor/auth";
import { readSessionCookie } from "./support/session-cookie";
import { ACCESS_TOKEN_TTL_S, startE2eApp, type E2eApp } from "./support/start-e2e-app";

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp();
});
afterAll(async () => {
  await app?.stop();
});

/** Clicks the protected call and waits for its answer; returns the number of answered calls so far. */
async function callProtected(page: Page): Promise<number> {
  const result = page.getByTestId("call-result");
  const before = Number((await result.getAttribute("data-calls", { timeout: 100 }).catch(() => null)) ?? 0);
  await page.getByTestId("call-protected").click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="call-result"]')?.getAttribute("data-calls") ?? 0) > n,
    before,
  );
  return before + 1;
}

/** Schedules a click on the protected-call button at epoch ms `at`, inside the page. */
async function clickAt(page: Page, at: number): Promise<void> {
  await page.evaluate((when) => {
    setTimeout(() => document.querySelector<HTMLButtonElement>('[data-testid="call-protected"]')?.click(), when - Date.now());
  }, at);
}

async function waitForCalls(page: Page, calls: number): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="call-result"]')?.getAttribute("data-calls") ?? 0) >= n,
    calls,
  );
}

describe("web session rotation", () => {
  it("stays on the dashboard across three access-token expiries with requests in flight", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await app.signIn(page);
    const visited: string[] = [];
    page.on("framenavigated", (frame) => frame === page.mainFrame() && visited.push(frame.url()));
    let sessionCalls = 0;
    page.on("response", (r) => r.url().endsWith("/api/auth/session") && r.status() === 200 && sessionCalls++);
    const first = await readSessionCookie(context, app.sessionSecret);

    // Keep calls going for a bit over three access-token lifetimes, several at once now and then.
    const until = Date.now() + (3 * ACCESS_TOKEN_TTL_S + 2) * 1000;
    let answered = 0;
    while (Date.now() < until) {
      answered = await callProtected(page);
      await page.evaluate(() => Promise.all([fetch("/api/trpc/auth.me"), fetch("/api/trpc/auth.sessions.list")]));
      await page.waitForTimeout(400);
    }
    answered = await callProtected(page);

    expect(visited.some((u) => u.includes("/login"))).toBe(false);
    expect(page.url()).toBe(`${app.url}/`);
    expect(answered).toBeGreaterThan(10);
    expect(sessionCalls).toBeGreaterThanOrEqual(3);
    // The dashboard shows the time of the last refresh.
    expect(await page.getByTestId("last-refresh").textContent()).not.toBe("not yet");

    // The browser holds the newest refresh token of the session: each rotation's cookie was persisted.
    // (Had one been lost, the next rotation, more than the 10 s reuse interval later, would have
    // presented an old token and been refused as reuse.)
    const state = await readSessionCookie(context, app.sessionSecret);
    expect(state?.sessionId).toBe(first?.sessionId);
    expect(state?.refreshToken).not.toBe(first?.refreshToken);
    const tokens = await app.db.prisma.refreshToken.findMany({ where: { sessionId: state!.sessionId }, orderBy: { createdAt: "asc" } });
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    const head = tokens.filter((t) => !t.rotatedAt && !t.revokedAt);
    expect(head).toHaveLength(1);
    expect(head[0]!.tokenHash).toBe(hashRefreshToken(state!.refreshToken));
    const reused = await app.db.prisma.auditEvent.count({ where: { sessionId: state!.sessionId, type: "refresh-token-reused" } });
    expect(reused).toBe(0);
    await context.close();
  });

  it("keeps three tabs signed in when they all refresh at once near expiry", async () => {
    const context = await app.newContext();
    const tabs = [await context.newPage(), await context.newPage(), await context.newPage()];
    await app.signIn(tabs[0]!);
    for (const tab of tabs.slice(1)) {
      await tab.goto("/");
      await tab.getByTestId("user-email").waitFor();
    }
    const { sessionId } = (await readSessionCookie(context, app.sessionSecret))!;

    for (let round = 0; round < 2; round++) {
      // Let the access token expire in all tabs, then have every tab call at the same instant (the tabs
      // share one clock): each asks the session route to rotate, all with the same cookie.
      await tabs[0]!.waitForTimeout(ACCESS_TOKEN_TTL_S * 1000 + 300);
      const at = Date.now() + 500;
      await Promise.all(tabs.map((tab) => clickAt(tab, at)));
      for (const tab of tabs) await waitForCalls(tab, round + 1);
    }

    for (const tab of tabs) {
      expect(tab.url()).toBe(`${app.url}/`);
      expect(await tab.getByTestId("call-result").textContent()).toContain("OK");
    }
    // The racing rotations were answered from the reuse interval with the same successor...
    const replays = await app.db.prisma.auditEvent.findMany({ where: { sessionId, type: "refresh", outcome: "success" } });
    expect(replays.filter((e) => (e.details as { replay?: boolean } | null)?.replay === true).length).toBeGreaterThanOrEqual(1);
    // ...so the session is alive and was never treated as reuse.
    const session = await app.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.revokedAt).toBeNull();
    expect(await app.db.prisma.auditEvent.count({ where: { sessionId, type: "refresh-token-reused" } })).toBe(0);
    await context.close();
  });
});
