// Boots what an e2e file needs: its own database with the demo data, the production server on a free
// port with short token lifetimes, and Debian's Chromium. Always call stop().
import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { inject } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_CREDENTIALS, seedDemoData, type DemoCredential } from "@rotor/db";
import { createTestDatabase, type TestDatabase } from "@rotor/db/testing";
import { launchChromium, productionAuthEnv, startWebServer, type WebServer } from "@rotor/harness";

/** Access tokens live this long in e2e runs, so a test can watch several expiries. */
export const ACCESS_TOKEN_TTL_S = 5;

export const artifactsDir = join(import.meta.dirname, "..", "..", "e2e-artifacts");


export interface E2eApp {
  url: string;
  server: WebServer;
  db: TestDatabase;
  browser: Browser;
  /** The session cookie's encryption secret (tests decrypt the cookie to look inside). */
  sessionSecret: string;
  /** The server's key material (AUTH_JWKS...), for tests that sign what only a key holder could. */
  authEnv: Record<string, string>;
  newContext(): Promise<BrowserContext>;
  signIn(page: Page, who?: DemoCredential): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartE2eAppOptions {
  /** Extra server env, applied last (e.g. `RATE_LIMIT_DISABLED: "false"` to run with the real limits). */
  env?: Record<string, string>;
}

export async function startE2eApp(options: StartE2eAppOptions = {}): Promise<E2eApp> {
  const db = await createTestDatabase(inject("rotorPgUrl"));
  await seedDemoData(db.prisma);
  const sessionSecret = randomBytes(32).toString("base64url");
  const authEnv = { ...(await productionAuthEnv()), AUTH_SECRET: sessionSecret };
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startWebServer({
      env: {
        DATABASE_URL: db.connectionString,
        ...authEnv,
        AUTH_TRUST_HOST: "true",
        AUTH_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_S),
        AUTH_REFRESH_REUSE_INTERVAL: "10",
        // No leeway: TOKEN_EXPIRED arrives the moment a token expires, so the tests see real rotations.
        AUTH_CLOCK_TOLERANCE: "0",
        RATE_LIMIT_DISABLED: "true",
        ...options.env,
      },
    });
    browser = await launchChromium();
  } catch (error) {
    await server?.stop();
    await db.drop();
    throw error;
  }
  mkdirSync(artifactsDir, { recursive: true });
  const url = server.url;
  const started = { server, browser };

  return {
    url,
    server,
    db,
    browser,
    sessionSecret,
    authEnv,
    newContext: () => started.browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } }),
    async signIn(page, who = DEMO_CREDENTIALS.acmeUser) {
      await page.goto("/login");
      await page.fill('input[name="tenant"]', who.tenant);
      await page.fill('input[name="email"]', who.email);
      await page.fill('input[name="password"]', who.password);
      await Promise.all([page.waitForURL(`${url}/`), page.click('button[type="submit"]')]);
      await page.getByTestId("user-email").waitFor();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
    },
    async stop() {
      // ROTOR_E2E_SERVER_LOG=1 prints what the server said, for debugging a failing run.
      if (process.env.ROTOR_E2E_SERVER_LOG === "1") console.log(started.server.output());
      await started.browser.close().catch(() => undefined);
      await started.server.stop();
      await db.drop();
    },
  };
}
