// The CLI's tRPC clients: a plain one for login/refresh (outside the refresh link, so a refresh
// never waits behind itself) and the typed AppRouter client with the refresh link and the file store.
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@rotor/api";
import { authHeaders, refreshLink, type RefreshFailureReason, type TokenStore } from "@rotor/trpc-refresh-link";
import superjson from "superjson";

/** How long one HTTP call (including a refresh) may take. */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface RotorClients {
  /** No refresh link: `auth.login`, `auth.refresh`. */
  auth: TRPCClient<AppRouter>;
  /** Attaches the stored token and refreshes it transparently. */
  api: TRPCClient<AppRouter>;
}

export function apiUrl(baseUrl: string): string {
  return new URL("api/trpc", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

export function createRotorClients(options: {
  baseUrl: string;
  store: TokenStore;
  onSessionEnded?: (reason: RefreshFailureReason) => void;
}): RotorClients {
  const url = apiUrl(options.baseUrl);
  const headers = { "user-agent": `rotor-cli (node ${process.version})` };
  const auth = createTRPCClient<AppRouter>({ links: [httpLink({ url, transformer: superjson, headers })] });
  const api = createTRPCClient<AppRouter>({
    links: [
      refreshLink<AppRouter>({
        store: options.store,
        // The link aborts `signal` and fails the waiting call (REFRESH_TIMEOUT) after the same deadline.
        refreshTimeoutMs: REQUEST_TIMEOUT_MS,
        refresh: (current, { signal }) => auth.auth.refresh.mutate({ refreshToken: current.refreshToken }, { signal }),
        onRefreshFailed: (reason) => options.onSessionEnded?.(reason),
      }),
      httpLink({ url, transformer: superjson, headers: (opts) => ({ ...headers, ...authHeaders(opts) }) }),
    ],
  });
  return { auth, api };
}

/** Per-call options: every call gets a deadline so a hung server can't hang the CLI. */
export const callOptions = () => ({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
