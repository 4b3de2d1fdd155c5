// Ending sessions: revoke from elsewhere, sign out everywhere, plain sign-out, and the two ways to
// authenticate (cookie and bearer) refusing a revoked session alike. Also the admin and audit pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { DEMO_CREDENTIALS, type DemoCredential } from "@rotor/db";
import { readSessionCookie } from "./support/session-cookie";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp();
});
afterAll(async () => {
  await app?.stop();
});

async function signedInPage(who: DemoCredential = DEMO_CREDENTIALS.acmeUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.newContext();
  const page = await context.newPage();
  await app.signIn(page, who);
  return { context, page };
}

async function expectSentToLoginAtNextCall(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/login\?reason=session-expired$/), page.getByTestId("call-protected").click()]);
  await page.getByText("Your session has ended").waitFor();
}

/** `auth.me` over plain HTTP from Node: with a bearer token, or with a cookie header. */
async function me(headers: Record<string, string>) {
  const response = await fetch(`${app.url}/api/trpc/auth.me`, { headers });
  const body = (await response.json()) as {
    result?: { data: { json: { id: string; sessionId: string; role: string; tenantId: string } } };
    error?: { json: { data: { authCode: string | null } } };
  };
  return { status: response.status, data: body.result?.data.json, authCode: body.error?.json.data.authCode };
}

/** A tRPC mutation over plain HTTP (superjson envelope), optionally with a bearer token. */
async function trpcPost<T>(path: string, input: unknown, accessToken?: string): Promise<T> {
  const response = await fetch(`${app.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
    body: JSON.stringify({ json: input }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

describe("ending sessions", () => {
  it("sends a browser to /login?reason=session-expired at its next call after another context revoked it", async () => {
    const first = await signedInPage();
    const second = await signedInPage();
    const { sessionId } = (await readSessionCookie(first.context, app.sessionSecret))!;
    await second.page.goto("/sessions");
    const row = second.page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor();
    await app.screenshot(second.page, "sessions");
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.waitFor({ state: "detached" });

    await expectSentToLoginAtNextCall(first.page);
    await app.screenshot(first.page, "login-session-expired");
    // The revoking browser is unaffected.
    await second.page.goto("/");
    await second.page.getByTestId("call-protected").click();
    await second.page.getByTestId("call-result").waitFor();
    await first.context.close();
    await second.context.close();
  });

  it("ends every browser context when one signs out everywhere", async () => {
    const who = DEMO_CREDENTIALS.acmeManager;
    const first = await signedInPage(who);
    const second = await signedInPage(who);
    await first.page.goto("/sessions");
    await first.page.getByTestId("sessions-table").waitFor();
    await Promise.all([first.page.waitForURL(/\/login$/), first.page.getByRole("button", { name: "Sign out everywhere" }).click()]);

    await expectSentToLoginAtNextCall(second.page);
    const user = await app.db.prisma.user.findFirstOrThrow({ where: { email: who.email } });
    expect(await app.db.prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    // Signed-in pages are refused to the old cookie on the server too.
    const response = await second.context.request.get("/sessions", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    await first.context.close();
    await second.context.close();
  });

  it("revokes the Rotor session on sign-out, not only the cookie", async () => {
    const { context, page } = await signedInPage(DEMO_CREDENTIALS.globexAdmin);
    const state = (await readSessionCookie(context, app.sessionSecret))!;
    await Promise.all([page.waitForURL(/\/login$/), page.getByRole("button", { name: "Sign out" }).first().click()]);
    const session = await app.db.prisma.session.findUniqueOrThrow({ where: { id: state.sessionId } });
    expect(session.revokedAt).not.toBeNull();
    expect(session.revokedReason).toBe("logout");
    // A copy of the old access token is worthless now.
    expect((await me({ authorization: `Bearer ${state.accessToken}` })).authCode).toBe("SESSION_REVOKED");
    await context.close();
  });

  it("resolves cookie and bearer to the same caller, and refuses a revoked session on both", async () => {
    const { context } = await signedInPage(DEMO_CREDENTIALS.acmeUser);
    const state = (await readSessionCookie(context, app.sessionSecret))!;
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const viaCookie = await me({ cookie });
    const viaBearer = await me({ authorization: `Bearer ${state.accessToken}` });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.data).toEqual(viaBearer.data);
    expect(viaCookie.data).toMatchObject({ sessionId: state.sessionId, role: "USER" });
    // A cross-site request does not get to use the cookie.
    expect((await me({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(401);

    // An ADMIN of the tenant revokes it through the API, as an operator would.
    const admin = await trpcPost<{ accessToken: string }>("auth.login", DEMO_CREDENTIALS.acmeAdmin);
    await trpcPost("admin.sessions.revoke", { sessionId: state.sessionId }, admin.accessToken);
    const afterRevoke = await me({ cookie });
    expect(afterRevoke.authCode).toBe("SESSION_REVOKED");
    expect((await me({ authorization: `Bearer ${state.accessToken}` })).authCode).toBe("SESSION_REVOKED");
    await context.close();
  });
});

describe("admin and audit pages", () => {
  it("shows ADMIN the tenant's users and sessions with revoke buttons", async () => {
    const { context, page } = await signedInPage(DEMO_CREDENTIALS.acmeAdmin);
    await page.goto("/admin");
    await page.getByTestId("users-table").waitFor();
    await page.getByTestId("tenant-sessions-table").waitFor();
    const users = await page.getByTestId("users-table").textContent();
    expect(users).toContain("user@acme.test");
    expect(users).not.toContain("globex");
    expect(await page.getByRole("button", { name: "Revoke sessions" }).count()).toBeGreaterThan(0);
    await app.screenshot(page, "admin");
    await context.close();
  });

  it("shows MANAGER the admin page read-only and refuses the audit page", async () => {
    const { context, page } = await signedInPage(DEMO_CREDENTIALS.acmeManager);
    await page.goto("/admin");
    await page.getByTestId("users-table").waitFor();
    expect(await page.getByText("Read-only (MANAGER)").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: /Revoke/ }).count()).toBe(0);
    await page.goto("/audit");
    await page.waitForURL(/\/unauthorized$/);
    await context.close();
  });

  it("lists audit events for ADMIN, filters by type and highlights reuse alerts", async () => {
    const { context, page } = await signedInPage(DEMO_CREDENTIALS.acmeAdmin);
    const admin = await app.db.prisma.user.findFirstOrThrow({ where: { email: "admin@acme.test" }, select: { tenantId: true } });
    const victim = await app.db.prisma.user.findFirstOrThrow({ where: { email: "user@acme.test" }, select: { id: true } });
    // A reuse alert as the token service writes it (producing a real one takes a wait past the 10 s interval).
    await app.db.prisma.auditEvent.create({
      data: { type: "refresh-token-reused", outcome: "alert", tenantId: admin.tenantId, userId: victim.id, ip: "203.0.113.7", userAgent: "curl/8.5.0" },
    });
    await page.goto("/audit");
    await page.getByTestId("audit-table").waitFor();
    expect(await page.locator("tr.alert").count()).toBe(1);
    await app.screenshot(page, "audit");
    await page.getByTestId("audit-type").selectOption("login");
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-table"] tbody td.mono')].every((td) => td.textContent === "login"),
    );
    expect(await page.locator("tr.alert").count()).toBe(0);
    await context.close();
  });
});
