// The shapes the link shares with the app: the server's token pair and auth codes, and the
// storage interface the app implements (or picks from ./stores).

/** A token pair as `auth.login` / `auth.refresh` return it (superjson keeps the `Date`s). */
export interface TokenPair {
  /** A JWT with `iat`/`exp` in seconds. */
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  /** Server time. */
  accessTokenExpiresAt: Date;
  /** Server time. */
  refreshTokenExpiresAt: Date;
}

/** `error.data.authCode` of the server's `UNAUTHORIZED` errors. */
export type AuthCode =
  | "TOKEN_EXPIRED"
  | "TOKEN_INVALID"
  | "SESSION_REVOKED"
  | "SESSION_EXPIRED"
  | "REFRESH_TOKEN_INVALID"
  | "REFRESH_TOKEN_EXPIRED"
  | "REFRESH_TOKEN_REUSED"
  | "INVALID_CREDENTIALS";

export const AUTH_CODES: readonly AuthCode[] = [
  "TOKEN_EXPIRED",
  "TOKEN_INVALID",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "REFRESH_TOKEN_INVALID",
  "REFRESH_TOKEN_EXPIRED",
  "REFRESH_TOKEN_REUSED",
  "INVALID_CREDENTIALS",
];

/** Codes that mean the session is over: the store is cleared and `onRefreshFailed` called. */
export const SESSION_ENDING_CODES: readonly AuthCode[] = [
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "REFRESH_TOKEN_INVALID",
  "REFRESH_TOKEN_EXPIRED",
  "REFRESH_TOKEN_REUSED",
];

/** Where the client keeps its token pair. Every method may be sync or async. */
export interface TokenStore {
  /** The current pair, or `null` when signed out. */
  get(): TokenPair | null | Promise<TokenPair | null>;
  set(pair: TokenPair): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** A store whose methods are synchronous (memory, Web Storage). */
export interface SyncTokenStore extends TokenStore {
  get(): TokenPair | null;
  set(pair: TokenPair): void;
  clear(): void;
}

/** A store whose methods return promises (files, keychains, IndexedDB). */
export interface AsyncTokenStore extends TokenStore {
  get(): Promise<TokenPair | null>;
  set(pair: TokenPair): Promise<void>;
  clear(): Promise<void>;
}

/** Injectable time source, in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/**
 * Serialises refreshes across browser tabs (or processes) and shares the result.
 * `createBrowserCoordinator` is the browser implementation; tests use fakes.
 */
export interface RefreshCoordinator {
  /**
   * Runs `fn` while holding the cross-tab lock. Rejects with a `RefreshFailedError` whose
   * reason is `LOCK_TIMEOUT` when the lock can't be had in time.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Sends a freshly obtained pair to the other tabs. */
  publish(pair: TokenPair): void;
  /** Listens for pairs other tabs obtained. Returns the function that stops listening. */
  subscribe(listener: (pair: TokenPair) => void): () => void;
}
