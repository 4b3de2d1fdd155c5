// A tRPC link that attaches the access token to every attempt, refreshes it once per store when
// the server says TOKEN_EXPIRED (or the client already knows it has expired), and retries the
// operation with the new token.
import {
  TRPCClientError,
  type Operation,
  type OperationLink,
  type OperationResultObserver,
  type TRPCLink,
} from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { RefreshFailedError, RefreshRejectedError, type RefreshFailureReason } from "./errors.ts";
import { authCodeOf, metaOf, throttledOf } from "./internal/authError.ts";
import { readJwtTimes } from "./internal/jwt.ts";
import { adopt, storeStateOf, subscribeOnce } from "./internal/storeState.ts";
import { timeOf } from "./internal/timeOf.ts";
import { inputWithLastEventId } from "./internal/trackedInput.ts";
import { readDateHeader } from "./readDateHeader.ts";
import { toTokenPair, type TokenPairInput } from "./toTokenPair.ts";
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
/** `op.context.skipAuthRefresh: true` opts one call out: sent with the stored token as is, errors untouched. */
export const SKIP_AUTH_REFRESH_CONTEXT_KEY = "skipAuthRefresh";

export interface RefreshLinkOptions {
  /**
   * Where the token pair lives. Read on every attempt, so a retry always carries the newest token.
   * Every link in the process over the same store object shares one in-flight refresh.
   */
  store: TokenStore;
  /**
   * Exchanges `current.refreshToken` for a new pair. It must call the server OUTSIDE this link's
   * chain (e.g. its own client with a plain `httpLink`), so it never waits behind itself. When the
   * server refuses, throw `RefreshRejectedError(reason)`; a thrown `TRPCClientError` carrying
   * `data.authCode` is treated the same way; 429 / 503 answers become `RATE_LIMITED` /
   * `SERVICE_UNAVAILABLE`; anything else counts as a transient `NETWORK_ERROR`. Expiries may be
   * `Date`s, ISO strings or epoch milliseconds (plain JSON transports). `signal` aborts when the
   * refresh times out (pass it on to `fetch` / tRPC's `mutate(input, { signal })`).
   */
  refresh: (current: TokenPair, context: { signal: AbortSignal }) => Promise<TokenPairInput>;
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
   * Not called for transient failures (`NETWORK_ERROR`, `LOCK_TIMEOUT`, `REFRESH_TIMEOUT`,
   * `RATE_LIMITED`, `SERVICE_UNAVAILABLE`).
   * @default undefined
   */
  onRefreshFailed?: (reason: RefreshFailureReason, error: RefreshFailedError) => void;
  /**
   * How long a refresh may take before the calls waiting on it fail with `REFRESH_TIMEOUT`
   * (transient, the session is kept) and the next call starts a new one. `Infinity` waits forever.
   * @default 15_000
   */
  refreshTimeoutMs?: number;
  /**
   * Which call errors mean "refresh and retry". The default reads the server's
   * `error.data.authCode === "TOKEN_EXPIRED"`.
   * @default (error) => error.data?.authCode === "TOKEN_EXPIRED"
   */
  shouldRefresh?: (error: TRPCClientError<AnyRouter>) => boolean;
  /**
   * How many times one call is retried after a refresh. `0` never retries (the refresh still
   * happens, for the next calls).
   * @default 1
   */
  maxRetries?: number;
  /**
   * Adjusts the operation before a retry goes out (e.g. a header of your own in `context`).
   * Return the operation to send; the new `Authorization` is already in `op.context`.
   * @default undefined
   */
  beforeRetry?: (op: Operation, info: { retry: number; error: unknown }) => Operation;
  /**
   * Refresh ahead of time when the access token has less than this many milliseconds left
   * (server clock, corrected for skew). Calls made meanwhile go out with the still valid token.
   * Margin plus jitter is capped at half the token's lifetime, so short-lived tokens are
   * refreshed about once per lifetime, not on every call.
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
   * `createBrowserCoordinator()`. Without it, refreshes are single-flight within this process.
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

/**
 * What `refreshLink` returns: a tRPC link, plus `dispose()` (also `[Symbol.dispose]` where the
 * runtime has it) to release its cross-tab subscription when the app discards its clients.
 */
export type RefreshLink<TRouter extends AnyRouter = AnyRouter> = TRPCLink<TRouter> & {
  dispose(): void;
};

type Envelope = { result: { type?: string; id?: unknown; error?: unknown }; context?: unknown };
/** The `next` a link gets for each operation. */
type NextLink<TRouter extends AnyRouter> = Parameters<OperationLink<TRouter>>[0]["next"];

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`refreshLink: option \`${name}\` must be a finite number >= 0, got ${value}`);
  }
  return value;
}

function toFailure(error: unknown, now: number): RefreshFailedError {
  if (error instanceof RefreshFailedError) return error;
  if (error instanceof RefreshRejectedError) return new RefreshFailedError(error.reason, { cause: error });
  const code = authCodeOf(error);
  if (code) return new RefreshFailedError(code, { cause: error });
  const throttled = throttledOf(error, now);
  if (throttled) {
    return new RefreshFailedError(throttled.reason, {
      cause: error,
      ...(throttled.retryAfterMs !== undefined ? { retryAfterMs: throttled.retryAfterMs } : {}),
    });
  }
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

const isTokenExpired = (error: unknown) => authCodeOf(error) === "TOKEN_EXPIRED";

/**
 * Attaches `Authorization: Bearer <access>` (through `op.context`, see `authHeaders`) and keeps the
 * token fresh. Put it before the terminating link(s).
 */
export function refreshLink<TRouter extends AnyRouter = AnyRouter>(
  options: RefreshLinkOptions,
): RefreshLink<TRouter> {
  if (typeof options.store?.get !== "function") {
    throw new TypeError("refreshLink: option `store` must be a TokenStore");
  }
  if (typeof options.refresh !== "function") {
    throw new TypeError("refreshLink: option `refresh` must be a function");
  }
  const { store, crossTab } = options;
  const margin = nonNegative("proactiveMargin", options.proactiveMargin, 60_000);
  const jitter = nonNegative("proactiveJitter", options.proactiveJitter, 10_000);
  const maxRetries = nonNegative("maxRetries", options.maxRetries, 1);
  if (!Number.isInteger(maxRetries)) {
    throw new TypeError(`refreshLink: option \`maxRetries\` must be an integer >= 0, got ${maxRetries}`);
  }
  const refreshTimeoutMs = options.refreshTimeoutMs ?? 15_000;
  if (Number.isNaN(refreshTimeoutMs) || refreshTimeoutMs <= 0) {
    throw new TypeError(`refreshLink: option \`refreshTimeoutMs\` must be a number > 0 (or Infinity), got ${refreshTimeoutMs}`);
  }
  const shouldRefresh = options.shouldRefresh ?? isTokenExpired;
  const retryMutations = options.retryMutations ?? true;
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const serverDate = options.serverDate === false ? undefined : (options.serverDate ?? readDateHeader);
  /** Shared with every other link over the same store. */
  const state = storeStateOf(store);

  function safely<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
    try {
      fn?.(...args);
    } catch {
      // An app callback failing must not break the calls waiting on the refresh.
    }
  }

  /** Cross-tab subscription, made when the first client is created and released by dispose(). */
  let release: (() => void) | undefined;
  const identity = {};

  const link: TRPCLink<TRouter> = () => {
    if (crossTab && !release) release = subscribeOnce(state, crossTab, identity);
    // Once per client: everything mutable that is not about the store lives here, never at module level.
    /** Estimated server clock minus local clock, in ms. */
    let skewMs = 0;
    let jitterFor = { token: "", ms: 0 };
    /** The access token whose session we already ended, so 1,000 failing calls end it once. */
    let endedToken: string | null = null;
    /** The last failed refresh this client reported, so its waiters report it once. */
    let reported: RefreshFailedError | null = null;

    const serverNow = () => clock.now() + skewMs;
    const observeServerDate = (meta: unknown) => {
      const date = serverDate?.(meta);
      if (date) skewMs = date.getTime() - clock.now();
    };

    /** Expiry and lifetime of the last token seen, so the JWT is decoded once per token, not once per call. */
    let expiryFor = { token: "", at: 0, lifetime: 0 };
    function msLeft(pair: TokenPair): number {
      if (expiryFor.token !== pair.accessToken) {
        const { iat, exp } = readJwtTimes(pair.accessToken);
        const at = exp !== undefined ? exp * 1000 : timeOf(pair.accessTokenExpiresAt);
        // Without `iat`, the lifetime is what was left when this client first saw the token.
        const lifetime = Math.max(0, iat !== undefined ? at - iat * 1000 : at - serverNow());
        expiryFor = { token: pair.accessToken, at, lifetime };
      }
      return expiryFor.at - serverNow();
    }
    /** Margin + jitter, never more than half the token's lifetime. Call after `msLeft(pair)`. */
    function marginFor(pair: TokenPair): number {
      if (jitterFor.token !== pair.accessToken) {
        jitterFor = { token: pair.accessToken, ms: random() * jitter };
      }
      const wanted = margin + jitterFor.ms;
      return expiryFor.token === pair.accessToken ? Math.min(wanted, expiryFor.lifetime / 2) : wanted;
    }

    /** Calls `refresh` with a time-out; a pair that arrives after it is still kept if nothing newer came. */
    function refreshWithTimeout(current: TokenPair): Promise<TokenPair> {
      const controller = new AbortController();
      const pending = Promise.resolve()
        .then(() => options.refresh(current, { signal: controller.signal }))
        .then(toTokenPair);
      if (refreshTimeoutMs === Infinity) return pending;
      return new Promise<TokenPair>((resolve, reject) => {
        const timer = setTimeout(() => {
          const failure = new RefreshFailedError("REFRESH_TIMEOUT");
          reject(failure);
          controller.abort(failure);
          // The server may have rotated the token anyway: its pair is the only one still good.
          pending
            .then(async (late) => {
              if ((await store.get())?.accessToken !== current.accessToken) return;
              await store.set(late);
              crossTab?.publish(late);
              adopt(state, late);
            })
            .catch(() => undefined);
        }, refreshTimeoutMs);
        (timer as { unref?: () => void }).unref?.();
        pending.finally(() => clearTimeout(timer)).then(resolve, reject);
      });
    }

    async function runRefresh(stale: TokenPair): Promise<TokenPair> {
      const attempt = async (): Promise<{ pair: TokenPair; fromNetwork: boolean }> => {
        const current = await store.get();
        if (!current) throw new RefreshFailedError("NO_SESSION");
        // Another tab (or client) refreshed while we waited for the lock: use its pair.
        if (current.accessToken !== stale.accessToken) return { pair: current, fromNetwork: false };
        try {
          if (timeOf(current.refreshTokenExpiresAt) <= serverNow()) {
            throw new RefreshRejectedError("REFRESH_TOKEN_EXPIRED");
          }
          const pair = await refreshWithTimeout(current);
          const { iat } = readJwtTimes(pair.accessToken);
          if (iat !== undefined) skewMs = iat * 1000 - clock.now();
          await store.set(pair);
          crossTab?.publish(pair);
          return { pair, fromNetwork: true };
        } catch (error) {
          const failure = toFailure(error, clock.now());
          // Clear inside the lock, so tabs queued behind us see the session is gone.
          if (failure.sessionEnded) await store.clear();
          throw failure;
        }
      };

      let outcome: { pair: TokenPair; fromNetwork: boolean };
      try {
        outcome = crossTab ? await crossTab.withLock(attempt) : await attempt();
      } catch (error) {
        const failure = toFailure(error, clock.now());
        if (failure.reason === "LOCK_TIMEOUT") {
          // The lock holder may have finished meanwhile; a shared store then has its pair.
          const current = await Promise.resolve()
            .then(() => store.get())
            .catch(() => null);
          if (current && current.accessToken !== stale.accessToken) {
            adopt(state, current);
            return current;
          }
        }
        throw failure;
      }
      adopt(state, outcome.pair);
      if (outcome.fromNetwork) safely(options.onRefreshed, outcome.pair);
      return outcome.pair;
    }

    /** Reports a failed refresh this client waited on, once per failure (the lock is released by now). */
    function noteFailure(error: unknown, stale: string | undefined): never {
      if (error instanceof RefreshFailedError && error.sessionEnded && reported !== error) {
        reported = error;
        if (stale) endedToken = stale;
        safely(options.onRefreshFailed, error.reason, error);
      }
      throw error;
    }

    /** Waits for the refresh running for this store (started by any link). */
    function joinRefresh(inflight: Promise<TokenPair>): Promise<TokenPair> {
      const stale = state.lastAccessToken ?? undefined;
      return inflight.catch((error: unknown) => noteFailure(error, stale));
    }

    /** One refresh per store at a time; later callers, of any link over the store, join the running one. */
    function sharedRefresh(stale: TokenPair): Promise<TokenPair> {
      if (!state.inflight) {
        const running = runRefresh(stale).finally(() => {
          if (state.inflight === running) state.inflight = null;
        });
        state.inflight = running;
      }
      return state.inflight.catch((error: unknown) => noteFailure(error, stale.accessToken));
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

    /**
     * Whether a pair just read from the store can go out as is: signed out (sent without a header,
     * as the slow path does) or a token outside the proactive margin. Anything else (expired, due
     * for a proactive refresh) takes the slow path, which decides what to refresh.
     */
    function sendableAsIs(pair: TokenPair | null): boolean {
      if (!pair) return true;
      const left = msLeft(pair);
      return left > 0 && left > marginFor(pair);
    }

    /**
     * One operation through the link: it queues behind refreshes, sends attempts and tears down.
     * A class (declared once per client) rather than a closure per helper, so the hot path
     * allocates one object per operation and one per attempt. Each named closure also costs a
     * `defineProperty` per op under esbuild's keepNames (tsx, vitest), which the benchmark saw.
     */
    class Call implements Unsubscribable {
      closed = false;
      /** The subscription of the attempt on the wire; null while queued. */
      inner: Unsubscribable | null = null;
      /** A subscription's last tracked event id, to resume from when it re-subscribes. */
      lastEventId: string | undefined = undefined;
      /** The `op.signal` listener, added only once the call queues (see `prepare`). */
      abortListener: (() => void) | undefined = undefined;
      /** `context.skipAuthRefresh`: sent with the stored token as is, never refreshed or retried. */
      readonly skip: boolean;

      constructor(
        readonly op: Operation,
        readonly next: NextLink<TRouter>,
        readonly observer: OperationResultObserver<TRouter, unknown>,
      ) {
        this.skip = op.context[SKIP_AUTH_REFRESH_CONTEXT_KEY] === true;
      }

      start(): void {
        // Fast path, the common case: no refresh running, a sync store (memory, Web Storage) and a
        // token that needs nothing. `prepare` would only await a value that is already here, so
        // send in this tick: no promise, no microtask hop. Errors from this attempt still go
        // through `Attempt.handle`, so TOKEN_EXPIRED is retried exactly as on the slow path.
        if ((state.inflight && !this.skip) || this.op.signal?.aborted) {
          void this.prepare(0);
          return;
        }
        try {
          const value = store.get();
          if (isThenable(value) || (!this.skip && !sendableAsIs(value))) void this.prepare(0, undefined, { value });
          else this.send(value, 0);
        } catch (error) {
          this.fail(error); // as `prepare` does for a throwing store or next link
        }
      }

      fail(error: unknown): void {
        if (this.closed) return;
        this.closed = true;
        this.observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error))));
      }

      /**
       * Reads the store, waits for / starts a refresh when needed, then sends. `read` is a store
       * read the fast path already made in this tick (no refresh was running then).
       */
      async prepare(
        retries: number,
        stale?: { token: string; generation: number; error: unknown },
        read?: { value: ReturnType<TokenStore["get"]> },
      ): Promise<void> {
        const signal = this.op.signal;
        try {
          // While queued (no attempt on the wire) we own the abort; during an attempt the
          // terminating link gets the same signal and handles it. Adding and removing a listener
          // costs microseconds, so calls that never queue never add one.
          if (signal && !this.abortListener) {
            this.abortListener = () => {
              if (!this.inner) this.fail(abortError(signal));
            };
            signal.addEventListener("abort", this.abortListener);
          }
          if (signal?.aborted) return this.fail(abortError(signal));
          // Calls started while a refresh runs wait for it. If it failed transiently but the
          // token in hand is still valid (a proactive refresh), go ahead with that token.
          let transientFailure: RefreshFailedError | undefined;
          if (state.inflight && !this.skip) {
            try {
              await joinRefresh(state.inflight);
            } catch (error) {
              if (stale || !(error instanceof RefreshFailedError) || error.sessionEnded) throw error;
              transientFailure = error;
            }
          }
          if (this.closed) return;
          let pair = await (read ? read.value : store.get());
          if (this.closed) return;
          if (stale && !pair) return this.fail(stale.error); // signed out meanwhile
          if (this.skip) {
            // opted out: no refresh, send as is
          } else if (stale && pair) {
            const newer = state.generation !== stale.generation || pair.accessToken !== stale.token;
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
          if (this.closed) return;
          this.send(pair, retries, stale?.error);
        } catch (error) {
          this.fail(error);
        }
      }

      send(pair: TokenPair | null, retries: number, retryError?: unknown): void {
        const op = this.op;
        const attempt = new Attempt(this, pair, retries);
        let attemptOp: Operation = {
          ...op,
          input: op.type === "subscription" ? inputWithLastEventId(op.input, this.lastEventId) : op.input,
          context: {
            ...op.context,
            [AUTH_CONTEXT_KEY]: pair ? `Bearer ${pair.accessToken}` : undefined,
            [AUTH_GENERATION_CONTEXT_KEY]: attempt.sentGeneration,
          },
        };
        if (retries > 0 && options.beforeRetry) {
          attemptOp = options.beforeRetry(attemptOp, { retry: retries, error: retryError });
        }
        // The attempt is the observer itself (observables call its methods on it).
        const subscription = this.next(attemptOp).subscribe(attempt);
        attempt.subscription = subscription;
        if (attempt.done) {
          // It errored synchronously and a retry (or the end) took over.
          subscription.unsubscribe();
        } else {
          this.inner = subscription;
        }
      }

      /** Teardown: the consumer unsubscribed, or the call ended. */
      unsubscribe(): void {
        this.closed = true;
        if (this.abortListener) this.op.signal?.removeEventListener("abort", this.abortListener);
        this.inner?.unsubscribe();
        this.inner = null;
      }
    }

    /** One attempt of a call, with the token it went out with; it observes the next link. */
    class Attempt {
      /** Ended here: completed, failed, or taken over by a retry. Later events are ignored. */
      done = false;
      subscription: Unsubscribable | null = null;
      readonly sentToken: string | undefined;
      readonly sentGeneration = state.generation;

      constructor(
        readonly call: Call,
        readonly pair: TokenPair | null,
        /** Retries so far; reset when a subscription receives data (see `next`). */
        public retries: number,
      ) {
        this.sentToken = pair?.accessToken;
      }

      /** Returns true when the error was taken over by a retry. */
      handle(error: unknown): boolean {
        const call = this.call;
        if (this.done || call.closed) return true;
        observeServerDate(metaOf(error));
        if (call.skip) return false;
        const code = authCodeOf(error);
        if (this.sentToken && shouldRefresh(error as TRPCClientError<AnyRouter>)) {
          if (this.retries < maxRetries && (call.op.type !== "mutation" || retryMutations)) {
            this.done = true;
            this.subscription?.unsubscribe();
            call.inner = null;
            void call.prepare(this.retries + 1, { token: this.sentToken, generation: this.sentGeneration, error });
            return true;
          }
          if (state.generation === this.sentGeneration && this.pair && this.retries === 0) {
            refreshInBackground(this.pair);
          }
        } else if (code && SESSION_ENDING_CODES.includes(code) && this.sentToken) {
          endSession(code, this.sentToken).catch(() => undefined);
        }
        return false;
      }

      next(envelope: Envelope): void {
        const call = this.call;
        if (this.done || call.closed) return;
        const result = envelope.result;
        observeServerDate(envelope.context);
        if (call.op.type === "subscription") {
          if (result.type === "state" && result.error && authCodeOf(result.error)) {
            // httpSubscriptionLink reports some errors as a reconnecting state; with a stale
            // token it would reconnect forever, so handle it like an error.
            call.observer.next(envelope as never);
            if (!this.handle(result.error)) {
              this.done = true;
              this.subscription?.unsubscribe();
              call.fail(result.error);
            }
            return;
          }
          // Data proves the token worked, so the subscription earns a fresh retry budget for
          // its next expiry ('started' alone doesn't: a server that accepts and then refuses
          // would make a refresh loop).
          if (result.type === undefined || result.type === "data") {
            this.retries = 0;
            if (typeof result.id === "string") call.lastEventId = result.id;
          }
        }
        call.observer.next(envelope as never);
      }

      error(error: TRPCClientError<TRouter>): void {
        if (this.handle(error)) return;
        this.done = true;
        const call = this.call;
        if (call.closed) return;
        call.closed = true;
        call.observer.error(error);
      }

      complete(): void {
        const call = this.call;
        if (this.done || call.closed) return;
        this.done = true;
        call.closed = true;
        call.observer.complete();
      }
    }

    // Once per operation.
    return ({ op, next }) =>
      observable((observer) => {
        const call = new Call(op, next, observer);
        call.start();
        return call;
      });
  };

  const dispose = () => {
    release?.();
    release = undefined;
  };
  // `using link = refreshLink(...)` where the runtime has explicit resource management.
  const disposeSymbol = (Symbol as { dispose?: symbol }).dispose;
  if (typeof disposeSymbol === "symbol") Object.defineProperty(link, disposeSymbol, { value: dispose });
  return Object.assign(link, { dispose });
}
