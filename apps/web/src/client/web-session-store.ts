// The browser's view of the web session: the public session (who, role, expiries; never a token) plus
// whether a refresh is running. React reads it with useSyncExternalStore; the refresh link reads it
// as its TokenStore. The link wants a token pair, so the store derives a stand-in: its "access token" is
// an opaque label that changes with every rotation, which is all the link compares; no Authorization
// header is ever sent from the browser (the httpOnly cookie authenticates).
import type { TokenPair, SyncTokenStore } from "@rotor/trpc-refresh-link";
import type { PublicSession } from "../server/session/web-session-state";

export interface WebSessionSnapshot {
  session: PublicSession | null;
  refreshing: boolean;
}

export interface WebSessionStore extends SyncTokenStore {
  snapshot: () => WebSessionSnapshot;
  subscribe: (listener: () => void) => () => void;
  /** Takes a session the server just returned (the link's `set` gets only the stand-in pair). */
  adopt(session: PublicSession): void;
  setRefreshing(refreshing: boolean): void;
}

export function standInPair(session: PublicSession): TokenPair {
  return {
    accessToken: `web-session:${session.user.sessionId}:${session.accessTokenExpiresAt}`,
    refreshToken: "",
    tokenType: "Bearer",
    accessTokenExpiresAt: new Date(session.accessTokenExpiresAt),
    refreshTokenExpiresAt: new Date(session.refreshTokenExpiresAt),
  };
}

export function createWebSessionStore(initial: PublicSession | null): WebSessionStore {
  let snapshot: WebSessionSnapshot = { session: initial, refreshing: false };
  const listeners = new Set<() => void>();
  const update = (next: Partial<WebSessionSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    for (const listener of listeners) listener();
  };
  return {
    snapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    adopt: (session) => update({ session }),
    setRefreshing: (refreshing) => update({ refreshing }),
    get: () => (snapshot.session ? standInPair(snapshot.session) : null),
    // The pair is derived from the adopted session; there is nothing else to keep.
    set: () => undefined,
    clear: () => update({ session: null }),
  };
}
