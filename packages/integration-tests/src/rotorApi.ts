// Test fixture for the integration tests: the real Rotor API (routers, token service, PostgreSQL)
// over real HTTP, on a server clock the test moves, plus clients wired the way the README says.
import { createTRPCClient, httpBatchLink, httpLink, type TRPCLink } from "@trpc/client";
import type { AppRouter } from "@rotor/api";
import { createTestApi, startApiServer, type ApiServer, type TestApi } from "@rotor/api/testing";
import superjson from "superjson";
import { vi } from "vitest";
import {
  authHeaders,
  memoryTokenStore,
  refreshLink,
  type RefreshLinkOptions,
  type SyncTokenStore,
  type TokenPair,
} from "@rotor/trpc-refresh-link";

export const ACCESS_TTL_MS = 15 * 60 * 1000;

export interface RotorApi {
  t: TestApi;
  server: ApiServer;
  /** How far the server's clock (the token service's) runs ahead of real time, in ms. */
  serverOffset(): number;
  /** Moves the server clock past the access token lifetime (and its 5 s tolerance). */
  expireAccessTokens(): void;
  /** `auth.refresh` as the server saw it (calls into the token service). */
  refreshCalls(): number;
  /**
   * Holds each refresh at the server until `count` have arrived (or `timeoutMs` passed), so clients that
   * race really overlap however fast the server answers; returns the undo.
   */
  holdRefreshesUntil(count: number, timeoutMs: number): () => void;
  /** `refresh` audit rows of one session: rotations and reuse-interval replays. */
  refreshEvents(sessionId: string): Promise<number>;
  /** HTTP statuses of the calls made through `fetch`, in order of arrival. */
  statuses: number[];
  /**
   * `fetch` for the clients under test: records statuses and, like a browser's per-host connection
   * limit, keeps at most 32 requests on the wire (1,000 sockets at once would hit connect timeouts
   * on a loaded machine, which is not what these tests are about).
   */
  fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * The server clock is real time plus an offset, so the `Date` header the HTTP server sends and the
 * tokens' `iat`/`exp` agree until a test advances it; the link runs with its defaults (real clock,
 * skew from `Date`), so an advanced server clock looks to the client like tokens it believes valid
 * being refused with TOKEN_EXPIRED, the mid-session case.
 */
export async function startRotorApi(): Promise<RotorApi> {
  let offset = 0;
  const t = await createTestApi({ clock: () => Date.now() + offset });
  const tokens = t.services.tokens;
  const refreshOriginal = tokens.refresh.bind(tokens);
  const refreshSpy = vi.spyOn(tokens, "refresh");
  const server = await startApiServer(t.services);
  const statuses: number[] = [];
  const limit = createLimiter(32);
  const countingFetch: typeof fetch = (input, init) =>
    limit(async () => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    });
  return {
    t,
    server,
    serverOffset: () => offset,
    expireAccessTokens() {
      offset += ACCESS_TTL_MS + 60_000;
    },
    refreshCalls: () => refreshSpy.mock.calls.length,
    holdRefreshesUntil(count, timeoutMs) {
      let arrived = 0;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const timer = setTimeout(release, timeoutMs);
      refreshSpy.mockImplementation(async (input) => {
        if (++arrived >= count) release();
        await released;
        return refreshOriginal(input);
      });
      return () => {
        clearTimeout(timer);
        release();
        refreshSpy.mockImplementation(refreshOriginal);
      };
    },
    refreshEvents: (sessionId) => t.prisma.auditEvent.count({ where: { type: "refresh", sessionId } }),
    statuses,
    fetch: countingFetch,
    async close() {
      refreshSpy.mockRestore();
      await server.close();
      await t.close();
    },
  };
}

function createLimiter(max: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

export interface LinkClientOptions extends Partial<Omit<RefreshLinkOptions, "store">> {
  store?: SyncTokenStore;
  /** @default "batch" */
  transport?: "batch" | "single";
}

/** The documented wiring: refreshLink + httpBatchLink/httpLink, refresh through its own plain client. */
export function createLinkClient(api: RotorApi, initial: TokenPair | null, options: LinkClientOptions = {}) {
  const { store = memoryTokenStore(initial ?? undefined), transport = "batch", ...linkOptions } = options;
  const url = api.server.url;
  const authClient = createTRPCClient<AppRouter>({ links: [httpLink({ url, transformer: superjson })] });
  const refreshed: TokenPair[] = [];
  const failures: string[] = [];
  const terminating: TRPCLink<AppRouter> =
    transport === "batch"
      ? httpBatchLink({ url, transformer: superjson, headers: authHeaders, fetch: api.fetch, maxURLLength: 2083 })
      : httpLink({ url, transformer: superjson, headers: authHeaders, fetch: api.fetch });
  const client = createTRPCClient<AppRouter>({
    links: [
      refreshLink<AppRouter>({
        store,
        // These tests count refreshes and retries, not deadlines: the link's 15 s time-out becomes a
        // safety net many times the expected time (a 1,000-call storm on a loaded CI machine can
        // keep one refresh waiting behind the storm's 401s for seconds).
        refreshTimeoutMs: 120_000,
        refresh: (current, { signal }) => authClient.auth.refresh.mutate({ refreshToken: current.refreshToken }, { signal }),
        onRefreshed: (pair) => refreshed.push(pair),
        onRefreshFailed: (reason) => failures.push(reason),
        ...linkOptions,
      }),
      terminating,
    ],
  });
  return { client, store, refreshed, failures };
}

/** Signs in through the token service (the app's login page is not under test) and returns the pair and its session id. */
export async function signIn(api: RotorApi, email = "user@acme.test"): Promise<{ pair: TokenPair; sessionId: string }> {
  const pair = await api.t.loginAs(email);
  const { sessionId, userId: _u, tenantId: _t, role: _r, ...tokens } = pair;
  return { pair: tokens, sessionId };
}
