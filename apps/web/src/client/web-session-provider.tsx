"use client";
// Client-side wiring for signed-in pages: the session store, React Query and the tRPC client whose
// refresh link rotates through the web session (GET /api/auth/session) on TOKEN_EXPIRED and retries.
// When the session is over, the user is signed out and sent to /login?reason=session-expired.
import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@rotor/api";
import { refreshLink } from "@rotor/trpc-refresh-link";
import type { PublicSession } from "../server/session/web-session-state";
import { endWebSession } from "./end-web-session";
import { fetchWebSession } from "./fetch-web-session";
import { TRPCProvider } from "./trpc";
import { createWebSessionStore, standInPair, type WebSessionSnapshot, type WebSessionStore } from "./web-session-store";

const SessionStoreContext = createContext<WebSessionStore | null>(null);

/** The live web session (expiries move with every rotation) and whether a refresh is running. */
export function useWebSession(): WebSessionSnapshot {
  const store = useContext(SessionStoreContext);
  if (!store) throw new Error("useWebSession needs <WebSessionProvider>");
  return useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";
}

function createClients(store: WebSessionStore) {
  const sessionExpired = () => void endWebSession("/login?reason=session-expired");
  const queryClient = new QueryClient({
    defaultOptions: {
      // The refresh link already retried after refreshing; a 401 that reaches React Query is final.
      queries: { retry: (failures, error) => !isUnauthorized(error) && failures < 2, staleTime: 5_000 },
      mutations: { retry: false },
    },
    // Whatever 401 the link could not cure (e.g. the cookie vanished in another tab) ends the session.
    queryCache: new QueryCache({ onError: (error) => isUnauthorized(error) && sessionExpired() }),
    mutationCache: new MutationCache({ onError: (error) => isUnauthorized(error) && sessionExpired() }),
  });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      refreshLink({
        store,
        async refresh() {
          store.setRefreshing(true);
          try {
            const session = await fetchWebSession();
            store.adopt(session);
            return standInPair(session);
          } finally {
            store.setRefreshing(false);
          }
        },
        onRefreshFailed: sessionExpired,
        // The server decides when to rotate; the browser only reacts to expiry and TOKEN_EXPIRED.
        proactiveMargin: 0,
        proactiveJitter: 0,
      }),
      httpBatchLink({ url: "/api/trpc", transformer: superjson }),
    ],
  });
  return { queryClient, trpcClient };
}

export function WebSessionProvider({ session, children }: { session: PublicSession; children: ReactNode }) {
  const [store] = useState(() => createWebSessionStore(session));
  const [{ queryClient, trpcClient }] = useState(() => createClients(store));
  return (
    <SessionStoreContext.Provider value={store}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </SessionStoreContext.Provider>
  );
}
