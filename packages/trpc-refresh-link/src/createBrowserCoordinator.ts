// Cross-tab coordination for refreshLink: one refresh at a time across the tabs of an origin
// (Web Locks), and the resulting pair sent to the other tabs (BroadcastChannel), so no tab ever
// presents a refresh token another tab already rotated (which the server treats as reuse).
import { RefreshFailedError } from "./errors.ts";
import { readPair } from "./internal/pairJson.ts";
import type { RefreshCoordinator, TokenPair } from "./types.ts";

/** The part of `navigator.locks` the coordinator uses. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode?: "exclusive"; signal?: AbortSignal; ifAvailable?: boolean },
    /** Gets `null` when `ifAvailable` is set and another holder has the lock. */
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/** The part of `BroadcastChannel` the coordinator uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface BrowserCoordinatorOptions {
  /**
   * Web Locks name shared by the tabs.
   * @default "rotor.auth.refresh"
   */
  lockName?: string;
  /**
   * BroadcastChannel name shared by the tabs.
   * @default "rotor.auth.tokens"
   */
  channelName?: string;
  /**
   * How long to wait for the lock before giving up with `LOCK_TIMEOUT` (the link then uses a pair
   * another tab stored meanwhile, if any, and otherwise fails the waiting calls without clearing
   * the session). Running the refresh without the lock instead could present a refresh token the
   * lock holder is rotating, and the server would revoke the session as reuse.
   * @default 10_000
   */
  acquireTimeoutMs?: number;
  /**
   * After waiting for a lock another tab held, how long to wait for that tab's broadcast before
   * running. Each tab is its own renderer process and localStorage writes reach other processes
   * asynchronously, so the store re-read inside the lock can still show the pair the holder just
   * rotated; the broadcast carries the new pair itself.
   * @default 150
   */
  settleMs?: number;
  /**
   * The lock manager. Without one (older browsers, Node), refreshes are single-flight per client
   * only, which is safe as long as one tab is open.
   * @default globalThis.navigator?.locks
   */
  locks?: LockManagerLike | null;
  /**
   * Creates the channel. Without one, pairs aren't broadcast (fine with a shared localStorage store).
   * @default globalThis.BroadcastChannel
   */
  createChannel?: ((name: string) => BroadcastChannelLike) | null;
}

export interface BrowserCoordinator extends RefreshCoordinator {
  /** Closes the channel and drops the listeners. */
  close(): void;
}

const MESSAGE_TYPE = "rotor.token-pair";

function readPairMessage(data: unknown): TokenPair | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, pair } = data as { type?: unknown; pair?: unknown };
  return type === MESSAGE_TYPE ? readPair(pair) : null;
}

function defaultLocks(): LockManagerLike | null {
  // Through `unknown`: consumers compile this source with or without the DOM lib.
  const nav = (globalThis as unknown as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

function defaultCreateChannel(): ((name: string) => BroadcastChannelLike) | null {
  const Channel = (globalThis as unknown as { BroadcastChannel?: new (name: string) => BroadcastChannelLike })
    .BroadcastChannel;
  return Channel ? (name) => new Channel(name) : null;
}

export function createBrowserCoordinator(options: BrowserCoordinatorOptions = {}): BrowserCoordinator {
  const lockName = options.lockName ?? "rotor.auth.refresh";
  const channelName = options.channelName ?? "rotor.auth.tokens";
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 10_000;
  if (!Number.isFinite(acquireTimeoutMs) || acquireTimeoutMs <= 0) {
    throw new TypeError(
      `createBrowserCoordinator: option \`acquireTimeoutMs\` must be a finite number > 0, got ${acquireTimeoutMs}`,
    );
  }
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const createChannel = options.createChannel === undefined ? defaultCreateChannel() : options.createChannel;

  const settleMs = options.settleMs ?? 150;
  const listeners = new Set<(pair: TokenPair) => void>();
  const channel = createChannel?.(channelName) ?? null;
  /** Pairs received so far, and who waits for the next one. */
  let received = 0;
  const waiters = new Set<() => void>();
  /** Resolves once a pair arrived after `since`, or after `ms`. A macrotask later, so listeners have stored it. */
  const settled = (since: number, ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        setTimeout(resolve, 0);
      };
      const timer = setTimeout(done, received > since ? 0 : ms);
      (timer as { unref?: () => void }).unref?.();
      waiters.add(done);
    });
  // Node's BroadcastChannel would otherwise keep the process alive.
  (channel as { unref?: () => void } | null)?.unref?.();
  if (channel) {
    channel.onmessage = (event) => {
      const pair = readPairMessage(event.data);
      if (!pair) return;
      received++;
      for (const listener of listeners) listener(pair);
      for (const wake of [...waiters]) wake();
    };
  }

  return {
    async withLock(fn) {
      if (!locks) return fn();
      const seenAtRequest = received;
      // Uncontended (the common case): take the lock and run at once.
      const uncontended = await locks.request(lockName, { mode: "exclusive", ifAvailable: true }, async (lock) =>
        lock === null ? { ran: false as const } : { ran: true as const, value: await fn() },
      );
      if (uncontended.ran) return uncontended.value;
      const controller = new AbortController();
      let acquired = false;
      const timer = setTimeout(() => controller.abort(), acquireTimeoutMs);
      (timer as { unref?: () => void }).unref?.();
      try {
        return await locks.request(lockName, { mode: "exclusive", signal: controller.signal }, async () => {
          acquired = true;
          clearTimeout(timer);
          // Another tab held the lock, most likely refreshing: let its pair arrive before re-reading.
          if (channel) await settled(seenAtRequest, settleMs);
          return fn();
        });
      } catch (error) {
        if (!acquired && controller.signal.aborted) throw new RefreshFailedError("LOCK_TIMEOUT", { cause: error });
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    publish(pair) {
      channel?.postMessage({ type: MESSAGE_TYPE, pair });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      if (channel) {
        channel.onmessage = null;
        channel.close();
      }
    },
  };
}
