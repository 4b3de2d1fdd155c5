// The port every fast-state feature (revocation list, caches) depends on; implemented by the
// Redis store (shared across processes) and the memory store (single-process default, tests).

export interface SetOptions {
  /** Time to live in milliseconds; must be a positive finite number (fractions round up). */
  ttlMs: number;
  /**
   * Writes only when the key does not exist (Redis `NX`), so a read-through fill can never overwrite a
   * value written meanwhile by someone who knows better (e.g. a revocation).
   * @default false
   */
  ifAbsent?: boolean;
}

export interface SubscriptionListener {
  /** Called for every message published on the channel (by any instance, including this one). */
  onMessage(message: string): void;
  /**
   * Called when delivery stopped (e.g. the subscriber connection dropped). Messages published until
   * `Subscription.active` is true again are lost, so anything derived from them must be discarded.
   */
  onInterrupted?(): void;
}

export interface Subscription {
  /** True while messages on the channel are known to be delivered. */
  readonly active: boolean;
  unsubscribe(): Promise<void>;
}

/**
 * Small key-value port with expiring keys and fire-and-forget pub/sub.
 * Every method rejects with a `StoreError` (`STORE_UNAVAILABLE` when the backend is unreachable,
 * `STORE_CLOSED` after `close()`); none of them waits indefinitely.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: SetOptions): Promise<void>;
  del(key: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  /**
   * Registers the listener and resolves once the subscription is established, or once establishing
   * it failed; in the latter case `active` is false and the store keeps retrying in the background.
   */
  subscribe(channel: string, listener: SubscriptionListener): Promise<Subscription>;
  /** Resolves when the backend answers; rejects with `STORE_UNAVAILABLE` otherwise. */
  ping(): Promise<void>;
  /** Releases connections and timers the store owns. Idempotent. */
  close(): Promise<void>;
}
