// Boots what an e2e file needs: its own database with the demo data, the production server on a free
// port with short token lifetimes, and Debian's Chromium. Always call stop().
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_CREDENTIALS, type DemoCredential } from "@rotor/db";
import { launchChromium } from "@rotor/harness";
import { startE2eServer, type E2eServer } from "./start-e2e-server";

export { ACCESS_TOKEN_TTL_S } from "./start-e2e-server";

export const artifactsDir = join(import.meta.dirname, "..", "..", "e2e-artifacts");


/** The e2e server plus a browser on it. */
export interface E2eApp extends E2eServer {
  browser: Browser;
  newContext(): Promise<BrowserContext>;
  signIn(page: Page, who?: DemoCredential): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
}

export interface StartE2eAppOptions {
  /** Extra server env, applied last (e.g. `RATE_LIMIT_DISABLED: "false"` to run with the real limits). */
  env?: Record<string, string>;
}

export async function startE2eApp(options: StartE2eAppOptions = {}): Promise<E2eApp> {
  const e2e = await startE2eServer(options.env);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await e2e.stop();
    throw error;
  }
  mkdirSync(artifactsDir, { recursive: true });
  const { url, server, db, sessionSecret, authEnv } = e2e;
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
      await started.browser.close().catch(() => undefined);
      await e2e.stop();
    },
  };
}
