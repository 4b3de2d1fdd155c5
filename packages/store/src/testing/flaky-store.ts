// Test double: wraps a KeyValueStore with switches for outages, lost subscriptions and
// held-back reads, and counts round trips.
import { StoreUnavailableError } from "../errors.ts";
import type { KeyValueStore, Subscription, SubscriptionListener } from "../key-value-store.ts";

export interface FlakyStore extends KeyValueStore {
  /** Every call rejects with STORE_UNAVAILABLE while true. */
  down: boolean;
  /** Calls per method, to assert round trips. */
  readonly calls: Record<"get" | "set" | "del" | "publish" | "subscribe" | "ping", number>;
  /** Marks subscriptions inactive and tells their listeners (as a dropped connection would). */
  interruptSubscriptions(): void;
  resumeSubscriptions(): void;
  /** The next get waits until the returned function is called. */
  holdNextGet(): () => void;
}

export function createFlakyStore(inner: KeyValueStore): FlakyStore {
  const calls = { get: 0, set: 0, del: 0, publish: 0, subscribe: 0, ping: 0 };
  const listeners = new Set<SubscriptionListener>();
  let interrupted = false;
  let hold: Promise<void> | undefined;

  const flaky: FlakyStore = {
    down: false,
    calls,
    async get(key) {
      calls.get++;
      const waitFor = hold;
      hold = undefined;
      const value = await guard(() => inner.get(key));
      if (waitFor) await waitFor;
      return value;
    },
    async set(key, value, options) {
      calls.set++;
      return guard(() => inner.set(key, value, options));
    },
    async del(key) {
      calls.del++;
      return guard(() => inner.del(key));
    },
    async publish(channel, message) {
      calls.publish++;
      return guard(() => inner.publish(channel, message));
    },
    async subscribe(channel, listener): Promise<Subscription> {
      calls.subscribe++;
      const innerSubscription = await guard(() =>
        inner.subscribe(channel, {
          onMessage: (message) => {
            if (!interrupted) listener.onMessage(message);
          },
        }),
      );
      listeners.add(listener);
      return {
        get active() {
          return !interrupted && innerSubscription.active;
        },
        async unsubscribe() {
          listeners.delete(listener);
          await innerSubscription.unsubscribe();
        },
      };
    },
    async ping() {
      calls.ping++;
      return guard(() => inner.ping());
    },
    close: () => inner.close(),
    interruptSubscriptions() {
      interrupted = true;
      for (const listener of listeners) listener.onInterrupted?.();
    },
    resumeSubscriptions() {
      interrupted = false;
    },
    holdNextGet() {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
  };

  async function guard<T>(operation: () => Promise<T>): Promise<T> {
    if (flaky.down) throw new StoreUnavailableError("flaky store is down");
    return operation();
  }

  return flaky;
}
