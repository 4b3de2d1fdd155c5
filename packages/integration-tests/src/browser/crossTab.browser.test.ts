// Cross-tab behaviour in a real Chromium: two tabs of one origin share localStorage, Web Locks and
// BroadcastChannel; after the access token expires, calls in both tabs produce exactly one refresh.
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@rotor/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRotorApi, type RotorApi } from "../rotorApi.ts";
import { bundleTabApp, servePage, type PageServer } from "./servePage.ts";
import type { RotorTab } from "./tabApp.ts";

const PASSWORD = "correct horse battery staple";

declare const window: { rotorTab: RotorTab };

let api: RotorApi;
let page: PageServer;
let browser: Browser;
beforeAll(async () => {
  api = await startRotorApi();
  page = await servePage(api.server.url, await bundleTabApp());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await page?.close();
  await api?.close();
});

async function openTab(context: Awaited<ReturnType<Browser["newContext"]>>, query = ""): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(page.url + query);
  await tab.waitForFunction(() => document.title === "ready");
  return tab;
}

/** 25 calls in each tab, started at the same instant. */
function race(a: Page, b: Page) {
  const startAt = Date.now() + 250;
  const burst = (tab: Page) => tab.evaluate((at) => window.rotorTab.burst(25, at), startAt);
  return Promise.all([burst(a), burst(b)]);
}

const latestSessionId = async () =>
  (await api.t.prisma.session.findFirstOrThrow({ orderBy: { createdAt: "desc" }, select: { id: true } })).id;

describe("two tabs, one refresh (Chromium)", () => {
  it("after expiry, bursts of calls in both tabs make exactly one auth.refresh and both tabs get answers", async () => {
    const context = await browser.newContext();
    try {
      const [a, b] = [await openTab(context), await openTab(context)];
      await a.evaluate((password) => window.rotorTab.login("user@acme.test", password), PASSWORD);
      await expect(a.evaluate(() => window.rotorTab.burst(2))).resolves.toEqual({ ok: 2, failed: [] });
      await expect(b.evaluate(() => window.rotorTab.burst(2))).resolves.toEqual({ ok: 2, failed: [] });
      const sessionId = await latestSessionId();

      for (let round = 1; round <= 2; round++) {
        api.expireAccessTokens();
        const callsBefore = api.refreshCalls();
        const [ra, rb] = await race(a, b);

        expect(ra).toEqual({ ok: 25, failed: [] });
        expect(rb).toEqual({ ok: 25, failed: [] });
        expect(api.refreshCalls() - callsBefore).toBe(1);
        expect(await api.refreshEvents(sessionId)).toBe(round);
      }

      const [sa, sb] = [await a.evaluate(() => window.rotorTab.stats()), await b.evaluate(() => window.rotorTab.stats())];
      expect(sa.refreshesSent + sb.refreshesSent).toBe(2);
      expect(sa.refreshed + sb.refreshed).toBe(2);
      expect([sa.failures, sb.failures]).toEqual([[], []]);
      expect(sa.refreshToken).not.toBeNull();
      expect(sa.refreshToken).toBe(sb.refreshToken);
      expect(await api.t.prisma.auditEvent.count({ where: { type: "refresh-token-reused", sessionId } })).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("control: without the coordinator the same bursts make one refresh per tab (so the test above can fail)", async () => {
    const context = await browser.newContext();
    try {
      const [a, b] = [await openTab(context, "?coordinator=off"), await openTab(context, "?coordinator=off")];
      await a.evaluate((password) => window.rotorTab.login("user@acme.test", password), PASSWORD);
      const sessionId = await latestSessionId();
      await Promise.all([a.evaluate(() => window.rotorTab.burst(2)), b.evaluate(() => window.rotorTab.burst(2))]);

      api.expireAccessTokens();
      const callsBefore = api.refreshCalls();
      // Without a coordinator each tab refreshes on its own 401 unless the other's new pair is already in
      // localStorage by then; the server answers in a few ms, so hold refreshes until both tabs have sent
      // theirs (at most 5 s) and the two really overlap, as they would on any real network.
      const undo = api.holdRefreshesUntil(2, 5000);
      const [ra, rb] = await race(a, b).finally(undo);

      // Both still succeed, thanks to the server's reuse interval, but the server saw two refreshes.
      expect([ra.ok, rb.ok]).toEqual([25, 25]);
      expect(api.refreshCalls() - callsBefore).toBe(2);
      expect(await api.refreshEvents(sessionId)).toBe(2);
    } finally {
      await context.close();
    }
  });
});
