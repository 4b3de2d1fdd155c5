// The listener sets behind subscribe(), per channel, shared by the memory and Redis stores. A channel's
// entry exists exactly while it has listeners, so the Redis store can tell when to UNSUBSCRIBE.
import type { SubscriptionListener } from "./key-value-store.ts";

export type ChannelListeners = Map<string, Set<SubscriptionListener>>;

/** Registers `listener` on `channel` and returns the set it joined, for its subscription to check and leave. */
export function addChannelListener(channels: ChannelListeners, channel: string, listener: SubscriptionListener): Set<SubscriptionListener> {
  let listeners = channels.get(channel);
  if (!listeners) {
    listeners = new Set();
    channels.set(channel, listeners);
  }
  listeners.add(listener);
  return listeners;
}

/**
 * Takes `listener` out of `registered` (the set `addChannelListener` returned) and drops the channel once
 * no listener is left. Returns whether it dropped the channel. A set that close() already discarded, or
 * that a later subscribe replaced, leaves the map alone.
 */
export function removeChannelListener(
  channels: ChannelListeners,
  channel: string,
  registered: Set<SubscriptionListener>,
  listener: SubscriptionListener,
): boolean {
  registered.delete(listener);
  if (registered.size > 0 || channels.get(channel) !== registered) return false;
  channels.delete(channel);
  return true;
}
