// The browser side of the cross-tab test, bundled with esbuild and loaded in each tab: the README's
// wiring (refreshLink + createBrowserCoordinator + storageTokenStore over localStorage), exposed on
// `window.rotorTab` for the test to drive.
import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import type { AppRouter } from "@rotor/api";
import superjson from "superjson";
import { authHeaders, createBrowserCoordinator, refreshLink, storageTokenStore, type TokenPair } from "@rotor/trpc-refresh-link";

export interface BurstResult {
  ok: number;
  failed: string[];
}

export interface TabStats {
  /** Refreshes this tab sent over the network. */
  refreshesSent: number;
  /** onRefreshed calls (this tab obtained a pair from the network). */
  refreshed: number;
  failures: string[];
  refreshToken: string | null;
}

export interface RotorTab {
  login(email: string, password: string): Promise<void>;
  /** Fires `count` calls at once, at wall-clock time `startAt` (so two tabs really race). */
  burst(count: number, startAt?: number): Promise<BurstResult>;
  stats(): TabStats;
}

const url = "/api/trpc";
// `?coordinator=off` runs the tab without cross-tab coordination: the test's control case.
const coordinated = new URLSearchParams(window.location.search).get("coordinator") !== "off";
const store = storageTokenStore(window.localStorage);
const authClient = createTRPCClient<AppRouter>({ links: [httpLink({ url, transformer: superjson })] });
const stats: TabStats = { refreshesSent: 0, refreshed: 0, failures: [], refreshToken: null };

const trpc = createTRPCClient<AppRouter>({
  links: [
    refreshLink<AppRouter>({
      store,
      refresh: (current: TokenPair) => {
        stats.refreshesSent++;
        return authClient.auth.refresh.mutate({ refreshToken: current.refreshToken });
      },
      crossTab: coordinated ? createBrowserCoordinator() : undefined,
      onRefreshed: () => {
        stats.refreshed++;
      },
      onRefreshFailed: (reason) => {
        stats.failures.push(reason);
      },
    }),
    httpBatchLink({ url, transformer: superjson, headers: authHeaders, maxURLLength: 2083 }),
  ],
});

const tab: RotorTab = {
  async login(email, password) {
    const pair = await authClient.auth.login.mutate({ tenant: "acme", email, password });
    store.set(pair);
  },
  async burst(count, startAt = 0) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
    const settled = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => (i % 2 ? trpc.auth.me.query() : trpc.auth.sessions.list.query())),
    );
    return {
      ok: settled.filter((s) => s.status === "fulfilled").length,
      failed: settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : [])),
    };
  },
  stats: () => ({ ...stats, refreshToken: store.get()?.refreshToken ?? null }),
};

(window as unknown as { rotorTab: RotorTab }).rotorTab = tab;
document.title = "ready";
