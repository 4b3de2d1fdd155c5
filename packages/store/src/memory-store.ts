// Single-process KeyValueStore: the zero-config default and the reference the Redis store is
// tested against. Expiry follows the injected clock; pub/sub stays inside this store instance.
import { addChannelListener, removeChannelListener, type ChannelListeners } from "./channel-listeners.ts";
import { systemClock, type Clock } from "./clock.ts";
import { StoreClosedError } from "./errors.ts";
import { createExpiringEntries } from "./expiring-entries.ts";
import type { KeyValueStore, SetOptions, Subscription } from "./key-value-store.ts";
import { normalizeTtlMs } from "./ttl.ts";

export interface MemoryStoreOptions {
  /**
   * Time source for expiry.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * Called when a subscriber's `onMessage` throws; delivery to other subscribers continues.
   * @default undefined (the error is dropped)
   */
  onError?: (error: unknown) => void;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): KeyValueStore {
  const clock = options.clock ?? systemClock;
  const entries = createExpiringEntries<string>();
  const channels: ChannelListeners = new Map();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new StoreClosedError();
  }

  return {
    async get(key) {
      assertOpen();
      return entries.get(key, clock.now()) ?? null;
    },

    async set(key, value, { ttlMs, ifAbsent = false }: SetOptions) {
      assertOpen();
      const ttl = normalizeTtlMs(ttlMs);
      const now = clock.now();
      if (ifAbsent && entries.get(key, now) !== undefined) return;
      entries.set(key, value, now + ttl, now);
    },

    async del(key) {
      assertOpen();
      entries.delete(key);
    },

    async publish(channel, message) {
      assertOpen();
      const listeners = channels.get(channel);
      if (!listeners) return;
      // Delivered after the publisher continues, like a network hop would be.
      for (const listener of [...listeners]) {
        queueMicrotask(() => {
          if (closed || !listeners.has(listener)) return;
          try {
            listener.onMessage(message);
          } catch (error) {
            options.onError?.(error);
          }
        });
      }
    },

    async subscribe(channel, listener): Promise<Subscription> {
      assertOpen();
      const registered = addChannelListener(channels, channel, listener);
      return {
        get active() {
          return !closed && registered.has(listener);
        },
        async unsubscribe() {
          removeChannelListener(channels, channel, registered, listener);
        },
      };
    },

    async ping() {
      assertOpen();
    },

    async close() {
      closed = true;
      entries.clear();
      channels.clear();
    },
  };
}
