// KeyValueStore over Redis (ioredis), shared by every app instance. Tuned to fail fast: a dead
// Redis rejects commands within a bounded time instead of queueing them, while the client keeps
// reconnecting in the background. Pub/sub uses a second connection, as Redis requires.
import { Redis, type RedisOptions } from "ioredis";
import { addChannelListener, removeChannelListener, type ChannelListeners } from "./channel-listeners.ts";
import { StoreClosedError, StoreCommandError, StoreConfigError, StoreError, StoreUnavailableError } from "./errors.ts";
import type { KeyValueStore, SetOptions, Subscription } from "./key-value-store.ts";
import { normalizeTtlMs } from "./ttl.ts";

export interface RedisStoreOptions {
  /** `redis://` or `rediss://` URL; the store then owns (and closes) the connections. Exclusive with `client`. */
  url?: string;
  /**
   * An existing ioredis client to issue commands on; the caller keeps owning it (`close()` leaves
   * it open). The store still opens its own subscriber connection via `client.duplicate()`.
   * Give it `enableOfflineQueue: false` and a `commandTimeout` to keep the fail-fast behaviour.
   */
  client?: Redis;
  /**
   * Timeout of one connection attempt, in milliseconds.
   * @default 1000
   */
  connectTimeoutMs?: number;
  /**
   * Timeout of one command, in milliseconds.
   * @default 500
   */
  commandTimeoutMs?: number;
  /**
   * Upper bound of the delay between reconnection attempts (it grows 100 ms per attempt).
   * @default 1000
   */
  maxReconnectDelayMs?: number;
  /**
   * Receives connection errors (emitted on every failed reconnect) and errors thrown by
   * subscription listeners. Command failures are reported through rejections instead.
   * @default undefined (dropped)
   */
  onError?: (error: unknown) => void;
}

export interface RedisStore extends KeyValueStore {
  /** The command connection, e.g. for `createRateLimits({ redis })`. */
  readonly client: Redis;
}

function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new StoreConfigError(`createRedisStore: option "${name}" must be a positive number`);
  }
  return value;
}

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "ReplyError") {
    return new StoreCommandError(`redis: ${message}`, { cause: error });
  }
  return new StoreUnavailableError(`redis unavailable: ${message}`, { cause: error });
}

/** Resolves after `ms` or when `until` resolves, whichever is first; the timer never keeps the process alive. */
function raceTimeout(until: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void until.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function shutdown(connection: Redis, graceMs: number): Promise<void> {
  if (connection.status === "ready") {
    await raceTimeout(connection.quit().catch(() => undefined), graceMs);
  }
  connection.disconnect();
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  if ((options.url === undefined) === (options.client === undefined)) {
    throw new StoreConfigError('createRedisStore: pass exactly one of "url" or "client"');
  }
  if (options.url !== undefined && !/^rediss?:\/\//.test(options.url)) {
    throw new StoreConfigError('createRedisStore: option "url" must start with redis:// or rediss://');
  }
  const connectTimeout = positiveOption("connectTimeoutMs", options.connectTimeoutMs, 1000);
  const commandTimeout = positiveOption("commandTimeoutMs", options.commandTimeoutMs, 500);
  const maxReconnectDelay = positiveOption("maxReconnectDelayMs", options.maxReconnectDelayMs, 1000);
  const onError = options.onError ?? (() => undefined);

  const failFast: RedisOptions = {
    connectTimeout,
    commandTimeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, maxReconnectDelay),
    lazyConnect: false,
  };
  const ownsClient = options.client === undefined;
  const client = options.client ?? new Redis(options.url ?? "", failFast);
  if (ownsClient) client.on("error", onError);

  let closed = false;
  let everReady = client.status === "ready";
  client.once("ready", () => {
    everReady = true;
  });
  // Without an offline queue, commands issued while the first connection is still being set up
  // would fail; they wait for its outcome instead (ready or failed), at most one connect timeout.
  const initialConnect = everReady
    ? Promise.resolve()
    : raceTimeout(
        new Promise<void>((resolve) => {
          const settle = () => {
            client.off("ready", settle).off("close", settle).off("end", settle);
            resolve();
          };
          client.on("ready", settle).on("close", settle).on("end", settle);
        }),
        connectTimeout,
      );

  async function run<T>(command: () => Promise<T>): Promise<T> {
    if (closed) throw new StoreClosedError();
    if (!everReady) await initialConnect;
    if (closed) throw new StoreClosedError();
    try {
      return await command();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  // --- pub/sub on a dedicated, lazily opened connection -------------------------------------
  const channels: ChannelListeners = new Map();
  /** Channels whose SUBSCRIBE was acknowledged on the current connection. */
  const confirmed = new Set<string>();
  /** Incremented on every connection loss, so late acknowledgements of an old connection are ignored. */
  let connectionGeneration = 0;
  let subscriber: Redis | undefined;

  function deliver(channel: string, message: string): void {
    for (const listener of channels.get(channel) ?? []) {
      try {
        listener.onMessage(message);
      } catch (error) {
        onError(error);
      }
    }
  }

  function confirm(connection: Redis, list: string[]): void {
    if (list.length === 0) return;
    const generation = connectionGeneration;
    connection.subscribe(...list).then(
      () => {
        if (generation !== connectionGeneration) return;
        for (const channel of list) if (channels.has(channel)) confirmed.add(channel);
      },
      onError,
    );
  }

  function ensureSubscriber(): Redis {
    if (subscriber) return subscriber;
    // The offline queue stays on here: a SUBSCRIBE issued while connecting is sent once connected
    // (still bounded by maxRetriesPerRequest). Resubscription is ours, to know when it is confirmed.
    const connection = client.duplicate({ ...failFast, enableOfflineQueue: true, autoResubscribe: false });
    connection.on("error", onError);
    connection.on("message", deliver);
    connection.on("ready", () => confirm(connection, [...channels.keys()]));
    connection.on("close", () => {
      connectionGeneration++;
      if (confirmed.size === 0) return;
      const interrupted = [...confirmed];
      confirmed.clear();
      for (const channel of interrupted) {
        for (const listener of channels.get(channel) ?? []) {
          try {
            listener.onInterrupted?.();
          } catch (error) {
            onError(error);
          }
        }
      }
    });
    subscriber = connection;
    return connection;
  }

  return {
    client,

    get(key) {
      return run(() => client.get(key));
    },

    async set(key, value, { ttlMs, ifAbsent = false }: SetOptions) {
      const ttl = normalizeTtlMs(ttlMs);
      await run(() => (ifAbsent ? client.set(key, value, "PX", ttl, "NX") : client.set(key, value, "PX", ttl)));
    },

    async del(key) {
      await run(() => client.del(key));
    },

    async publish(channel, message) {
      await run(() => client.publish(channel, message));
    },

    async subscribe(channel, listener): Promise<Subscription> {
      if (closed) throw new StoreClosedError();
      const connection = ensureSubscriber();
      const registered = addChannelListener(channels, channel, listener);
      if (!confirmed.has(channel)) {
        const generation = connectionGeneration;
        try {
          await connection.subscribe(channel);
          if (generation === connectionGeneration && channels.has(channel)) confirmed.add(channel);
        } catch (error) {
          // Stays registered; the "ready" handler subscribes it once Redis is back.
          onError(toStoreError(error));
        }
      }
      return {
        get active() {
          return !closed && registered.has(listener) && confirmed.has(channel);
        },
        async unsubscribe() {
          if (!removeChannelListener(channels, channel, registered, listener)) return;
          confirmed.delete(channel);
          if (connection.status === "ready") {
            await connection.unsubscribe(channel).catch(onError);
          }
        },
      };
    },

    async ping() {
      await run(() => client.ping());
    },

    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      confirmed.clear();
      const closing: Promise<void>[] = [];
      if (subscriber) closing.push(shutdown(subscriber, commandTimeout));
      if (ownsClient) closing.push(shutdown(client, commandTimeout));
      await Promise.all(closing);
    },
  };
}
