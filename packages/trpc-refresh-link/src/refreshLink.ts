// A tRPC link that attaches the access token to every attempt, refreshes it once per client when
// the server says TOKEN_EXPIRED (or the client already knows it has expired), and retries the
// operation once with the new token.
import { TRPCClientError, type Operation, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { RefreshFailedError, RefreshRejectedError, type RefreshFailureReason } from "./errors.ts";
import { authCodeOf, metaOf } from "./internal/authError.ts";
import { readDateHeader } from "./readDateHeader.ts";
import { readJwtTimes } from "./internal/jwt.ts";
import { inputWithLastEventId } from "./internal/trackedInput.ts";
import {
  SESSION_ENDING_CODES,
  type AuthCode,
  type Clock,
  type RefreshCoordinator,
  type TokenPair,
  type TokenStore,
} from "./types.ts";

/** Keys the link sets on `op.context` for each attempt; `authHeaders` reads them. */
export const AUTH_CONTEXT_KEY = "authorization";
export const AUTH_GENERATION_CONTEXT_KEY = "authGeneration";

export interface RefreshLinkOptions {
  /**
   * Where the token pair lives. Read on every attempt, so a retry always carries the newest token.
   */
  store: TokenStore;
  /**
   * Exchanges `current.refreshToken` for a new pair. It must call the server OUTSIDE this link's
   * chain (e.g. its own client with a plain `httpLink`), so it never waits behind itself. When the
   * server refuses, throw `RefreshRejectedError(reason)`; a thrown `TRPCClientError` carrying
   * `data.authCode` is treated the same way. Anything else counts as a transient failure.
   */
  refresh: (current: TokenPair) => Promise<TokenPair>;
  /**
   * Called after this client obtained a new pair from the network (after any lock is released;
   * the store already holds it).
   * @default undefined
   */
  onRefreshed?: (pair: TokenPair) => void;
  /**
   * Called once when the session is over: a refresh was rejected, the store was empty at refresh
   * time (`NO_SESSION`), or a call failed with SESSION_REVOKED, SESSION_EXPIRED or
   * REFRESH_TOKEN_*. The store is already cleared; typically the app shows its sign-in screen.
   * Not called for transient failures (`NETWORK_ERROR`, `LOCK_TIMEOUT`).
   * @default undefined
   */
  onRefreshFailed?: (reason: RefreshFailureReason, error: RefreshFailedError) => void;
  /**
   * Refresh ahead of time when the access token has less than this many milliseconds left
   * (server clock, corrected for skew). Calls made meanwhile go out with the still valid token.
   * @default 60_000
   */
  proactiveMargin?: number;
  /**
   * Up to this many extra milliseconds of margin, drawn once per access token, so that many
   * clients holding tokens issued together don't all refresh at the same instant.
   * @default 10_000
   */
  proactiveJitter?: number;
  /**
   * Retry a mutation after a refresh. Safe with this server because TOKEN_EXPIRED is raised by
   * authentication before any procedure body runs; `false` rejects the mutation with the 401
   * instead (the refresh still happens, for the next calls).
   * @default true
   */
  retryMutations?: boolean;
  /**
   * The local clock, in epoch milliseconds.
   * @default { now: () => Date.now() }
   */
  clock?: Clock;
  /**
   * Random source in [0, 1) for the jitter.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Cross-tab coordination (one refresh across tabs, pairs shared between them), e.g.
   * `createBrowserCoordinator()`. Without it, refreshes are single-flight within this client only.
   * @default undefined
   */
  crossTab?: RefreshCoordinator;
  /**
   * Reads the server clock from a response's `meta` (http links set `{ response }`) to estimate
   * clock skew. `false` relies on the token's `iat` alone.
   * @default readDateHeader (the `Date` response header)
   */
  serverDate?: false | ((meta: unknown) => Date | undefined);
}

type Envelope = { result: { type?: string; id?: unknown; error?: unknown }; context?: unknown };

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`refreshLink: option \`${name}\` must be a finite number >= 0, got ${value}`);
  }
  return value;
}

function toFailure(error: unknown): RefreshFailedError {
  if (error instanceof RefreshFailedError) return error;
  if (error instanceof RefreshRejectedError) return new RefreshFailedError(error.reason, { cause: error });
  const code = authCodeOf(error);
  if (code) return new RefreshFailedError(code, { cause: error });
  return new RefreshFailedError("NETWORK_ERROR", { cause: error });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

function abortError(signal: AbortSignal): TRPCClientError<AnyRouter> {
  const reason: unknown = signal.reason;
  return TRPCClientError.from(
    reason instanceof Error ? reason : new DOMException("The operation was aborted.", "AbortError"),
  );
}

/**
 * Attaches `Authorization: Bearer <access>` (through `op.context`, see `authHeaders`) and keeps the
 * token fresh. Put it before the terminating link(s).
 */
export function refreshLink<TRouter extends AnyRouter = AnyRouter>(
  options: RefreshLinkOptions,
): TRPCLink<TRouter> {
  if (typeof options.store?.get !== "function") {
    throw new TypeError("refreshLink: option `store` must be a TokenStore");
  }
  if (typeof options.refresh !== "function") {
    throw new TypeError("refreshLink: option `refresh` must be a function");
  }
  const { store, crossTab } = options;
  const margin = nonNegative("proactiveMargin", options.proactiveMargin, 60_000);
  const jitter = nonNegative("proactiveJitter", options.proactiveJitter, 10_000);
  const retryMutations = options.retryMutations ?? true;
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const serverDate = options.serverDate === false ? undefined : (options.serverDate ?? readDateHeader);

  function safely<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
    try {
      fn?.(...args);
    } catch {
      // An app callback failing must not break the calls waiting on the refresh.
    }
  }

  // Once per client: everything mutable lives here, never at module level.
  return () => {
    /** Bumped whenever this client commits or adopts a new pair. */
    let generation = 0;
    let inflight: Promise<TokenPair> | null = null;
    /** Estimated server clock minus local clock, in ms. */
    let skewMs = 0;
    let jitterFor = { token: "", ms: 0 };
    let lastAccessToken: string | null = null;
    /** The access token whose session we already ended, so 1,000 failing calls end it once. */
    let endedToken: string | null = null;

    const serverNow = () => clock.now() + skewMs;
    const observeServerDate = (meta: unknown) => {
      const date = serverDate?.(meta);
      if (date) skewMs = date.getTime() - clock.now();
    };

    /** Expiry of the last token seen, so the JWT is decoded once per token, not once per call. */
    let expiryFor = { token: "", at: 0 };
    function msLeft(pair: TokenPair): number {
      if (expiryFor.token !== pair.accessToken) {
        const { exp } = readJwtTimes(pair.accessToken);
        expiryFor = { token: pair.accessToken, at: exp !== undefined ? exp * 1000 : pair.accessTokenExpiresAt.getTime() };
      }
      return expiryFor.at - serverNow();
    }
    function marginFor(pair: TokenPair): number {
      if (jitterFor.token !== pair.accessToken) {
        jitterFor = { token: pair.accessToken, ms: random() * jitter };
      }
      return margin + jitterFor.ms;
    }

    async function runRefresh(stale: TokenPair): Promise<TokenPair> {
      const attempt = async (): Promise<{ pair: TokenPair; fromNetwork: boolean }> => {
        const current = await store.get();
        if (!current) throw new RefreshFailedError("NO_SESSION");
        // Another tab (or client) refreshed while we waited for the lock: use its pair.
        if (current.accessToken !== stale.accessToken) return { pair: current, fromNetwork: false };
        try {
          if (current.refreshTokenExpiresAt.getTime() <= serverNow()) {
            throw new RefreshRejectedError("REFRESH_TOKEN_EXPIRED");
          }
          const pair = await options.refresh(current);
          const { iat } = readJwtTimes(pair.accessToken);
          if (iat !== undefined) skewMs = iat * 1000 - clock.now();
          await store.set(pair);
          crossTab?.publish(pair);
          return { pair, fromNetwork: true };
        } catch (error) {
          const failure = toFailure(error);
          // Clear inside the lock, so tabs queued behind us see the session is gone.
          if (failure.sessionEnded) await store.clear();
          throw failure;
        }
      };

      let outcome: { pair: TokenPair; fromNetwork: boolean };
      try {
        outcome = crossTab ? await crossTab.withLock(attempt) : await attempt();
      } catch (error) {
        const failure = toFailure(error);
        if (failure.reason === "LOCK_TIMEOUT") {
          // The lock holder may have finished meanwhile; a shared store then has its pair.
          const current = await Promise.resolve()
            .then(() => store.get())
            .catch(() => null);
          if (current && current.accessToken !== stale.accessToken) {
            generation++;
            lastAccessToken = current.accessToken;
            return current;
          }
        }
        // The lock is released here; callbacks run outside it.
        if (failure.sessionEnded) {
          endedToken = stale.accessToken;
          safely(options.onRefreshFailed, failure.reason, failure);
        }
        throw failure;
      }
      generation++;
      lastAccessToken = outcome.pair.accessToken;
      if (outcome.fromNetwork) safely(options.onRefreshed, outcome.pair);
      return outcome.pair;
    }

    /** One refresh per client at a time; later callers join the running one. */
    function sharedRefresh(stale: TokenPair): Promise<TokenPair> {
      inflight ??= runRefresh(stale).finally(() => {
        inflight = null;
      });
      return inflight;
    }
    function refreshInBackground(stale: TokenPair): void {
      // Failures reach the app through onRefreshFailed and the calls that wait on it.
      sharedRefresh(stale).catch(() => undefined);
    }

    async function endSession(code: AuthCode, sentToken: string): Promise<void> {
      if (endedToken === sentToken) return;
      endedToken = sentToken;
      const current = await store.get();
      if (current?.accessToken !== sentToken) return; // a newer session already replaced it
      await store.clear();
      const failure = new RefreshFailedError(code);
      safely(options.onRefreshFailed, code, failure);
    }

    crossTab?.subscribe((pair) => {
      void (async () => {
        const current = await store.get();
        // Signed out here: don't bring the session back. Older pair: ignore.
        if (!current || current.accessTokenExpiresAt.getTime() > pair.accessTokenExpiresAt.getTime()) return;
        if (current.accessToken !== pair.accessToken) await store.set(pair);
        if (lastAccessToken !== pair.accessToken) {
          lastAccessToken = pair.accessToken;
          generation++;
        }
      })().catch(() => undefined);
    });

    /**
     * Whether a pair read from the store can go out as is: signed out (sent without a header, as
     * the slow path does) or a token outside the proactive margin. Anything else (expired, due for
     * a proactive refresh) takes the slow path, which decides what to refresh.
     */
    function sendableAsIs(pair: TokenPair | null): boolean {
      if (!pair) return true;
      const left = msLeft(pair);
      return left > 0 && left > marginFor(pair);
    }

    // Once per operation.
    return ({ op, next }) =>
      observable((observer) => {
        let closed = false;
        let inner: Unsubscribable | null = null;
        let lastEventId: string | undefined;
        const signal = op.signal;
        // Adding and removing an abort listener costs microseconds per op, so it's only added when
        // the op is queued (in `prepare`); while an attempt is on the wire the terminating link gets
        // the same signal and handles the abort itself.
        let listening = false;

        const fail = (error: unknown) => {
          if (closed) return;
          closed = true;
          observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error))));
        };
        const onAbort = () => {
          if (!inner && signal) fail(abortError(signal));
        };

        /**
         * Reads the store, waits for / starts a refresh when needed, then sends. `read` is a store
         * read already made in this tick by the fast path (no refresh was running then).
         */
        async function prepare(
          retried: boolean,
          stale?: { token: string; generation: number; error: unknown },
          read?: { value: ReturnType<TokenStore["get"]> },
        ) {
          try {
            if (signal && !listening) {
              listening = true;
              signal.addEventListener("abort", onAbort);
            }
            if (signal?.aborted) return fail(abortError(signal));
            // Calls started while a refresh runs wait for it. If it failed transiently but the
            // token in hand is still valid (a proactive refresh), go ahead with that token.
            let transientFailure: RefreshFailedError | undefined;
            if (inflight) {
              try {
                await inflight;
              } catch (error) {
                if (stale || !(error instanceof RefreshFailedError) || error.sessionEnded) throw error;
                transientFailure = error;
              }
            }
            if (closed) return;
            let pair = await (read ? read.value : store.get());
            if (closed) return;
            if (stale && !pair) return fail(stale.error); // signed out meanwhile
            if (stale && pair) {
              const newer = generation !== stale.generation || pair.accessToken !== stale.token;
              if (!newer) pair = await sharedRefresh(pair);
            } else if (pair) {
              const left = msLeft(pair);
              if (left <= 0) {
                if (transientFailure) throw transientFailure;
                pair = await sharedRefresh(pair);
              } else if (left <= marginFor(pair) && !transientFailure) {
                refreshInBackground(pair);
              }
            }
            if (closed) return;
            send(pair, retried);
          } catch (error) {
            fail(error);
          }
        }

        function send(pair: TokenPair | null, retried: boolean) {
          const sentToken = pair?.accessToken;
          const sentGeneration = generation;
          const attemptOp: Operation = {
            ...op,
            input: op.type === "subscription" ? inputWithLastEventId(op.input, lastEventId) : op.input,
            context: {
              ...op.context,
              [AUTH_CONTEXT_KEY]: pair ? `Bearer ${pair.accessToken}` : undefined,
              [AUTH_GENERATION_CONTEXT_KEY]: sentGeneration,
            },
          };
          let attemptDone = false;
          let subscription: Unsubscribable | null = null;

          /** Returns true when the error was taken over by a retry. */
          const handle = (error: unknown): boolean => {
            if (attemptDone || closed) return true;
            observeServerDate(metaOf(error));
            const code = authCodeOf(error);
            if (code === "TOKEN_EXPIRED" && sentToken && !retried) {
              if (op.type !== "mutation" || retryMutations) {
                attemptDone = true;
                subscription?.unsubscribe();
                inner = null;
                void prepare(true, { token: sentToken, generation: sentGeneration, error });
                return true;
              }
              if (generation === sentGeneration && pair) refreshInBackground(pair);
            } else if (code && SESSION_ENDING_CODES.includes(code) && sentToken) {
              endSession(code, sentToken).catch(() => undefined);
            }
            return false;
          };

          subscription = next(attemptOp).subscribe({
            next(envelope: Envelope) {
              if (attemptDone || closed) return;
              const result = envelope.result;
              observeServerDate(envelope.context);
              if (op.type === "subscription") {
                if (result.type === "state" && result.error && authCodeOf(result.error)) {
                  // httpSubscriptionLink reports some errors as a reconnecting state; with a stale
                  // token it would reconnect forever, so handle it like an error.
                  observer.next(envelope as never);
                  if (!handle(result.error)) {
                    attemptDone = true;
                    subscription?.unsubscribe();
                    fail(result.error);
                  }
                  return;
                }
                // Data proves the token worked, so the subscription earns a fresh retry budget for
                // its next expiry ('started' alone doesn't: a server that accepts and then refuses
                // would make a refresh loop).
                if (result.type === undefined || result.type === "data") {
                  retried = false;
                  if (typeof result.id === "string") lastEventId = result.id;
                }
              }
              observer.next(envelope as never);
            },
            error(error) {
              if (handle(error)) return;
              attemptDone = true;
              if (closed) return;
              closed = true;
              observer.error(error);
            },
            complete() {
              if (attemptDone || closed) return;
              attemptDone = true;
              closed = true;
              observer.complete();
            },
          });
          if (attemptDone) {
            // It errored synchronously and a retry (or the end) took over.
            subscription.unsubscribe();
          } else {
            inner = subscription;
          }
        }

        // Fast path, the common case: no refresh running, a sync store (memory, Web Storage) and a
        // token that needs nothing. `prepare` would only await a value that is already here, so
        // send in this tick: no promise, no microtask hop. Errors from this attempt still go
        // through `handle`, so TOKEN_EXPIRED is retried exactly as on the slow path.
        if (inflight || signal?.aborted) {
          void prepare(false);
        } else {
          try {
            const value = store.get();
            if (isThenable(value) || !sendableAsIs(value)) void prepare(false, undefined, { value });
            else send(value, false);
          } catch (error) {
            fail(error); // as `prepare` does for a throwing store or next link
          }
        }

        return () => {
          closed = true;
          if (listening) signal?.removeEventListener("abort", onAbort);
          inner?.unsubscribe();
          inner = null;
        };
      });
  };
}
