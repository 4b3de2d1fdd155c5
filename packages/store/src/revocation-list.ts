// Which sessions are revoked, answered without touching PostgreSQL on every request.
// Access tokens live 15 minutes and carry `sid`; revoking a session stores `sid` until the last
// access token it could have minted expires. Answers 'unknown' (never a silent false) when the
// store cannot be asked, so the caller falls back to the database.
// The same key also remembers what a live session is bound to (user, tenant, role: an opaque string
// the caller chose), written read-through by the caller after it asked the database, and only if the
// key is empty, so one lookup answers both "revoked?" and "whose?" and a fill never hides a revocation.
import { z } from "zod";
import { systemClock, type Clock } from "./clock.ts";
import { StoreClosedError, StoreConfigError, StoreError, StoreUnavailableError } from "./errors.ts";
import type { KeyValueStore, Subscription } from "./key-value-store.ts";

export interface RevocationListOptions {
  store: KeyValueStore;
  /**
   * Time source for key TTLs and cache expiry.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * How long a "not revoked" answer may be served from the in-process cache, in milliseconds.
   * `0` disables the cache. Revocations are pushed to every instance over pub/sub, which evicts
   * these entries; while the subscription is down, only positive entries are served from cache.
   * @default 0
   */
  cacheTtlMs?: number;
  /**
   * Maximum cached sessions; the oldest entries are dropped first.
   * @default 10000
   */
  cacheMaxEntries?: number;
  /**
   * Prefix of the store keys; the invalidation channel is `${keyPrefix}invalidate`.
   * @default "rotor:revoked:"
   */
  keyPrefix?: string;
  /**
   * Receives store failures that were turned into 'unknown' or otherwise absorbed.
   * @default undefined (dropped)
   */
  onError?: (error: StoreError) => void;
}

export interface RevocationHealth {
  status: "ok" | "degraded";
  /** Round trip of one PING to the store (until failure when degraded). */
  latencyMs: number;
  /** Whether revocations from other instances currently reach this one's cache. */
  invalidation: "active" | "inactive" | "disabled";
  /** Error code when degraded. */
  error?: string;
}

/** What the list knows about a session: revoked, or not (with the binding remembered for it, if any). */
export type SessionLookup = { revoked: true } | { revoked: false; binding: string | null };

export interface RevocationList {
  /**
   * Marks the session revoked until `untilEpochMs` (the expiry of its last access token).
   * A time in the past is a no-op. Rejects with a `StoreError` when the store is unreachable.
   */
  revoke(sid: string, untilEpochMs: number): Promise<void>;
  /** At most one store round trip; 'unknown' when the store cannot answer. */
  isRevoked(sid: string): Promise<boolean | "unknown">;
  /** Like `isRevoked`, plus the binding remembered for a live session. One store round trip at most. */
  lookup(sid: string): Promise<SessionLookup | "unknown">;
  /**
   * Remembers a live session's binding for `ttlMs`, unless the key already holds something (a
   * revocation written meanwhile wins). Rejects with a `StoreError` when the store is unreachable.
   */
  rememberBinding(sid: string, binding: string, ttlMs: number): Promise<void>;
  health(): Promise<RevocationHealth>;
  /** Resolves once the invalidation subscription is set up (or failed and retries in the background). */
  ready(): Promise<void>;
  /** Stops listening for invalidations; the store itself stays open (its owner closes it). */
  close(): Promise<void>;
}

type CacheEntry = { revoked: true; until: number } | { revoked: false; expiresAt: number; binding: string | null };

/** Bindings are stored with this prefix; revocations as a bare number (the format before bindings existed). */
const BINDING_PREFIX = "b:";

export const DEFAULT_REVOCATION_KEY_PREFIX = "rotor:revoked:";

/** The channel every revocation is published on as {"sid","until"} (also read by Rotor's revocation feed). */
export const revocationChannel = (keyPrefix: string = DEFAULT_REVOCATION_KEY_PREFIX) => `${keyPrefix}invalidate`;

const invalidationSchema = z.object({ sid: z.string().min(1), until: z.number().finite() });

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new StoreConfigError(`createRevocationList: option "${name}" must be a non-negative integer`);
  }
  return value;
}

export function createRevocationList(options: RevocationListOptions): RevocationList {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const cacheTtlMs = nonNegativeInteger("cacheTtlMs", options.cacheTtlMs, 0);
  const cacheMaxEntries = nonNegativeInteger("cacheMaxEntries", options.cacheMaxEntries, 10_000);
  const keyPrefix = options.keyPrefix ?? DEFAULT_REVOCATION_KEY_PREFIX;
  if (keyPrefix.length === 0) {
    throw new StoreConfigError('createRevocationList: option "keyPrefix" must not be empty');
  }
  const report = (error: unknown) => options.onError?.(toStoreError(error));
  const channel = revocationChannel(keyPrefix);
  const keyOf = (sid: string) => `${keyPrefix}${sid}`;

  const cacheEnabled = cacheTtlMs > 0 && cacheMaxEntries > 0;
  const cache = new Map<string, CacheEntry>();
  /**
   * Bumped by every invalidation and interruption. A "not revoked" read that started before a bump
   * may predate a revocation, so it is not cached.
   */
  let epoch = 0;
  let closed = false;
  let subscription: Subscription | undefined;

  function remember(sid: string, entry: CacheEntry): void {
    cache.delete(sid); // re-insert so Map order stays oldest-first
    cache.set(sid, entry);
    if (cache.size > cacheMaxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }

  function dropNegativeEntries(): void {
    for (const [sid, entry] of cache) if (!entry.revoked) cache.delete(sid);
  }

  const subscribing = cacheEnabled
    ? store
        .subscribe(channel, {
          onMessage(message) {
            epoch++;
            let parsed: z.infer<typeof invalidationSchema>;
            try {
              parsed = invalidationSchema.parse(JSON.parse(message));
            } catch {
              // Unknown payload: we cannot tell which entry it invalidates, so trust none.
              dropNegativeEntries();
              return;
            }
            if (parsed.until > clock.now()) remember(parsed.sid, { revoked: true, until: parsed.until });
            else cache.delete(parsed.sid);
          },
          onInterrupted() {
            epoch++;
            // Revocations published from now on are lost to us; positives stay true regardless.
            dropNegativeEntries();
          },
        })
        .then(
          async (created) => {
            if (closed) await created.unsubscribe();
            else subscription = created;
          },
          (error: unknown) => report(error),
        )
    : Promise.resolve();

  function fromCache(sid: string, now: number): SessionLookup | undefined {
    const entry = cache.get(sid);
    if (!entry) return undefined;
    if (entry.revoked) {
      if (entry.until > now) return { revoked: true };
    } else if (entry.expiresAt > now && subscription?.active === true) {
      return { revoked: false, binding: entry.binding };
    }
    cache.delete(sid);
    return undefined;
  }

  async function lookup(sid: string): Promise<SessionLookup | "unknown"> {
    if (closed) throw new StoreClosedError("revocation list is closed");
    const startedAt = clock.now();
    if (cacheEnabled) {
      const cached = fromCache(sid, startedAt);
      if (cached !== undefined) return cached;
    }
    const epochBefore = epoch;
    let value: string | null;
    try {
      value = await store.get(keyOf(sid));
    } catch (error) {
      report(error);
      return "unknown";
    }
    const now = clock.now();
    const binding = value?.startsWith(BINDING_PREFIX) ? value.slice(BINDING_PREFIX.length) : null;
    if (value !== null && binding === null) {
      const until = Number(value);
      // A malformed value still marks the key as revoked: fail closed, for the key's TTL.
      if (!Number.isFinite(until)) return { revoked: true };
      if (until <= now) return { revoked: false, binding: null };
      if (cacheEnabled) remember(sid, { revoked: true, until });
      return { revoked: true };
    }
    if (cacheEnabled && epoch === epochBefore && subscription?.active === true) {
      remember(sid, { revoked: false, expiresAt: now + cacheTtlMs, binding });
    }
    return { revoked: false, binding };
  }

  return {
    async revoke(sid, untilEpochMs) {
      if (closed) throw new StoreClosedError("revocation list is closed");
      const ttlMs = untilEpochMs - clock.now();
      if (!(ttlMs > 0)) return;
      await store.set(keyOf(sid), String(untilEpochMs), { ttlMs });
      if (cacheEnabled) remember(sid, { revoked: true, until: untilEpochMs });
      try {
        await store.publish(channel, JSON.stringify({ sid, until: untilEpochMs }));
      } catch (error) {
        // The revocation is stored; other instances see it once their cached "no" expires.
        report(error);
      }
    },

    async isRevoked(sid) {
      const found = await lookup(sid);
      return found === "unknown" ? found : found.revoked;
    },

    lookup,

    async rememberBinding(sid, binding, ttlMs) {
      if (closed) throw new StoreClosedError("revocation list is closed");
      if (!(ttlMs > 0)) return;
      await store.set(keyOf(sid), `${BINDING_PREFIX}${binding}`, { ttlMs, ifAbsent: true });
      const cached = cache.get(sid);
      if (cached && !cached.revoked) cached.binding = binding;
    },

    async health() {
      const started = performance.now();
      const invalidation = !cacheEnabled ? "disabled" : subscription?.active === true ? "active" : "inactive";
      try {
        await store.ping();
        return { status: "ok", latencyMs: performance.now() - started, invalidation };
      } catch (error) {
        const storeError = toStoreError(error);
        return { status: "degraded", latencyMs: performance.now() - started, invalidation, error: storeError.code };
      }
    },

    async ready() {
      await subscribing;
    },

    async close() {
      if (closed) return;
      closed = true;
      cache.clear();
      await subscribing;
      await subscription?.unsubscribe();
      subscription = undefined;
    },
  };
}
