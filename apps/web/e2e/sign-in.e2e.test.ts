// Sign-in, what the browser can see, and server-side page guards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { readSessionCookie, sessionCookie } from "./support/session-cookie";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp();
});
afterAll(async () => {
  await app?.stop();
});

describe("sign-in", () => {
  it("signs in and shows the dashboard with identity, role and tenant", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await app.screenshot(page, "login");
    await app.signIn(page, DEMO_CREDENTIALS.acmeAdmin);
    expect(await page.getByTestId("user-email").textContent()).toBe("admin@acme.test");
    expect(await page.getByTestId("user-role").textContent()).toBe("ADMIN");
    expect(await page.getByTestId("user-tenant").textContent()).toContain("acme");
    await page.getByTestId("call-protected").click();
    await page.getByTestId("call-result").waitFor();
    await app.screenshot(page, "dashboard");
    await context.close();
  });

  it("answers wrong credentials with one message that does not say which field was wrong", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const messages: string[] = [];
    for (const [tenant, email, password] of [
      ["acme", "user@acme.test", "wrong-password"],
      ["acme", "nobody@acme.test", "wrong-password"],
      ["no-such-tenant", "user@acme.test", "rotor-demo-pass"],
    ] as const) {
      await page.goto("/login");
      await page.fill('input[name="tenant"]', tenant);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      messages.push((await page.locator("#login-error").textContent()) ?? "");
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/don't match an account/);
    expect(page.url()).toContain("/login");
    await app.screenshot(page, "login-error");
    await context.close();
  });

  it("never lets the refresh token reach document.cookie, localStorage or sessionStorage", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await app.signIn(page);
    // One server-side rotation, so the check also covers a rotated pair.
    await page.waitForTimeout(5_500);
    await page.getByTestId("call-protected").click();
    await page.getByTestId("call-result").waitFor();
    const state = await readSessionCookie(context, app.sessionSecret);
    expect(state?.lastRefreshAt).not.toBeNull();
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      html: document.documentElement.outerHTML,
    }));
    for (const secret of [state!.refreshToken, state!.accessToken]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(visible.cookie).not.toContain(secret);
      expect(visible.local).not.toContain(secret);
      expect(visible.session).not.toContain(secret);
      expect(visible.html).not.toContain(secret);
    }
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await context.close();
  });

  it("refuses /admin to a USER on the server, before rendering", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await app.signIn(page, DEMO_CREDENTIALS.acmeUser);
    // Without following redirects: the server answers with a redirect, not with the admin page.
    const response = await context.request.get("/admin", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toContain("/unauthorized");
    expect(await response.text()).not.toContain("users-table");
    await page.goto("/admin");
    await page.waitForURL(/\/unauthorized$/);
    expect(await page.getByRole("heading", { name: "Not authorized" }).isVisible()).toBe(true);
    // Nor does the API give a USER tenant data.
    const audit = await page.evaluate(async () => (await fetch("/api/trpc/admin.users.list")).status);
    expect(audit).toBe(403);
    await context.close();
  });

  it("sends security headers with a nonce-based CSP", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const response = await page.goto("/login");
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Next put the nonce on its scripts, and the page actually ran (the form is interactive).
    const html = await response!.text();
    expect(html).toContain(`nonce="${nonce}"`);
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await app.signIn(page);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await context.close();
  });
});
