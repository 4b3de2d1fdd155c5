// Brute force without lockout DoS, over real HTTP against the production build with the default limits:
// an attacker (other source addresses, no device cookie) guesses until the account refuses untrusted
// clients; the real user's browser, which signed in before and holds the device cookie, still signs in in
// real Chromium; a browser without it is told how long to wait; a device that guesses too often is limited
// on its own; every refusal is in the audit trail under the account's tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";
import { login, type TrpcAnswer, type LoginAnswer } from "./support/trpc-http";

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp({ env: { RATE_LIMIT_DISABLED: "false" } });
});
afterAll(async () => {
  await app?.stop();
});

const victim = DEMO_CREDENTIALS.acmeUser;
// Production defaults: Secure cookies (Chromium accepts them on http://127.0.0.1, a secure context).
const deviceCookieName = "__Host-rotor.device";

/** Wrong guesses, each from its own source address, until untrusted clients are refused. */
async function lockOutFromOtherAddresses(email: string): Promise<TrpcAnswer<LoginAnswer>> {
  for (let i = 0; i < 20; i++) {
    const answer = await login(app.url, { tenant: "acme", email, password: `guess-${i}` }, { from: `127.0.0.${10 + i}` });
    if (answer.status === 429) return answer;
    expect(answer.status).toBe(401);
  }
  throw new Error("the account never locked");
}

describe("brute force without lockout DoS", () => {
  it("attackers lock the account for untrusted clients; the user's browser with its device cookie still signs in", async () => {
    // The real user signed in on this browser before: it holds the device cookie (httpOnly).
    const trusted = await app.newContext();
    const page = await trusted.newPage();
    await app.signIn(page, victim);
    const device = (await trusted.cookies()).find((c) => c.name === deviceCookieName);
    expect(device).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("rotor.device");
    // Signed out (session cookie gone), device cookie kept.
    await trusted.clearCookies();
    await trusted.addCookies([device!]);

    const locked = await lockOutFromOtherAddresses(victim.email);
    expect(locked.error).toMatchObject({ code: "TOO_MANY_REQUESTS", errorCode: "RATE_LIMITED" });
    expect(locked.error?.retryAfterMs).toBeGreaterThan(0);

    // A browser without the device cookie, right password: refused, and told how long to wait.
    const untrusted = await app.newContext();
    const other = await untrusted.newPage();
    await other.goto("/login");
    await other.fill('input[name="tenant"]', victim.tenant);
    await other.fill('input[name="email"]', victim.email);
    await other.fill('input[name="password"]', victim.password);
    await other.click('button[type="submit"]');
    const message = (await other.locator("#login-error").textContent()) ?? "";
    expect(message).toMatch(/^Too many sign-in attempts\. Please try again in \d+ (seconds?|minutes?)\.$/);
    await app.screenshot(other, "login-rate-limited");

    // The trusted browser signs in all the same.
    await app.signIn(page, victim);
    expect(await page.getByTestId("user-email").textContent()).toBe(victim.email);
    await trusted.close();
    await untrusted.close();
  });

  it("a device token that guesses too often is locked out of the account on its own; other devices are not", async () => {
    const account = { tenant: "acme", email: DEMO_CREDENTIALS.acmeManager.email };
    const first = await login(app.url, { ...account, password: DEMO_CREDENTIALS.acmeManager.password }, { from: "127.0.0.50" });
    const second = await login(app.url, { ...account, password: DEMO_CREDENTIALS.acmeManager.password }, { from: "127.0.0.51" });
    const stolen = first.data!.deviceToken;
    const mine = second.data!.deviceToken;
    let answer: TrpcAnswer<LoginAnswer> | undefined;
    let guesses = 0;
    for (; guesses < 15; guesses++) {
      answer = await login(app.url, { ...account, password: `guess-${guesses}`, deviceToken: stolen }, { from: `127.0.1.${guesses + 1}` });
      if (answer.status === 429) break;
      expect(answer.error?.authCode).toBe("INVALID_CREDENTIALS");
    }
    expect(guesses).toBe(10); // the default per-device budget, however many addresses it comes from
    expect(answer?.error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const right = { ...account, password: DEMO_CREDENTIALS.acmeManager.password };
    expect((await login(app.url, { ...right, deviceToken: stolen }, { from: "127.0.1.99" })).status).toBe(429);
    expect((await login(app.url, { ...right, deviceToken: mine }, { from: "127.0.1.99" })).status).toBe(200);
  });

  it("every refusal is audited under the account's tenant (it shows in /audit)", async () => {
    const acme = await app.db.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    const rows = await app.db.prisma.auditEvent.findMany({ where: { type: "rate-limited" } });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => row.tenantId === acme.id && row.userId !== null)).toBe(true);
    const limiters = new Set(rows.map((row) => (row.details as Record<string, string>).limiter));
    expect(limiters).toEqual(new Set(["login-account", "login-device"]));
  });
});
