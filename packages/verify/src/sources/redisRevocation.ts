// Revocation through the Redis Rotor writes to: `${keyPrefix}<sid>` holds the epoch ms until which the
// session is revoked (or `b:<binding>` for a live session Rotor remembers), and every revocation is published
// on `${keyPrefix}invalidate` as {"sid","until"}. One GET per check unless a "not revoked" answer is cached;
// the subscription evicts cached answers and is required for caching them.
import type { RedisRevocationOptions } from "../types.ts";
import type { RevocationSource, RevocationState, SourceContext } from "./revocationSource.ts";
import { revokedSessions } from "./revokedSessions.ts";

const BINDING_PREFIX = "b:";
/** A session id no session has, asked for by ready(). */
const PROBE_SESSION = "00000000-0000-0000-0000-000000000000";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error("redis error"));
      },
    );
  });
}

export function redisRevocation(options: RedisRevocationOptions, context: SourceContext): RevocationSource {
  const { clock, warn } = context;
  const keyPrefix = options.keyPrefix ?? "rotor:revoked:";
  const cacheTtlMs = options.cacheTtlMs ?? 0;
  const timeoutMs = options.timeoutMs ?? 500;
  const revoked = revokedSessions(clock);
  const notRevoked = new Map<string, number>();
  let lastHealthyAt: number | null = null;
  let down = false;
  let subscribed = false;
  let closed = false;
  /** Bumped by every invalidation; a GET that started before a bump may predate a revocation. */
  let epoch = 0;

  const subscriber = cacheTtlMs > 0 ? options.redis.duplicate() : undefined;
  const subscribing = subscriber
    ? (async () => {
        subscriber.on("message", (_channel: string, message: string) => {
          epoch++;
          try {
            const parsed = JSON.parse(message) as { sid?: unknown; until?: unknown };
            if (typeof parsed.sid === "string" && typeof parsed.until === "number") {
              revoked.add(parsed.sid, parsed.until);
              notRevoked.delete(parsed.sid);
              return;
            }
          } catch {
            // fall through: an unreadable invalidation could be about any session
          }
          notRevoked.clear();
        });
        // Revocations published while the subscription is down are lost to us: trust no cached "no".
        const interrupted = () => {
          epoch++;
          subscribed = false;
          notRevoked.clear();
        };
        subscriber.on("close", interrupted);
        subscriber.on("end", interrupted);
        subscriber.on("error", () => undefined);
        subscriber.on("ready", () => {
          // ioredis resubscribes by itself after a reconnect, before "ready" fires.
          subscribed = true;
        });
        await subscriber.subscribe(`${keyPrefix}invalidate`);
        subscribed = true;
      })().catch(() => undefined)
    : Promise.resolve();

  function healthyNow() {
    lastHealthyAt = clock();
    if (down) {
      down = false;
      warn("REVOCATION_SOURCE_UP", "Redis answers again");
    }
  }

  async function check(sessionId: string): Promise<RevocationState> {
    if (revoked.has(sessionId)) return "revoked";
    const cachedUntil = notRevoked.get(sessionId);
    if (cachedUntil !== undefined) {
      if (cachedUntil > clock() && subscribed) return "active";
      notRevoked.delete(sessionId);
    }
    const epochBefore = epoch;
    let value: string | null;
    try {
      value = await withTimeout(options.redis.get(`${keyPrefix}${sessionId}`), timeoutMs);
    } catch {
      // Before the first answer the client may still be connecting: that is not an outage to report.
      if (!down && lastHealthyAt !== null) {
        down = true;
        warn("REVOCATION_SOURCE_DOWN", "Redis did not answer a revocation check");
      }
      return "unknown";
    }
    healthyNow();
    if (value !== null && !value.startsWith(BINDING_PREFIX)) {
      const until = Number(value);
      // A malformed value still marks the session revoked (as Rotor reads it): fail closed.
      if (!Number.isFinite(until)) return "revoked";
      if (until > clock()) {
        revoked.add(sessionId, until);
        return "revoked";
      }
    }
    if (cacheTtlMs > 0 && subscribed && epoch === epochBefore) {
      notRevoked.set(sessionId, clock() + cacheTtlMs);
      if (notRevoked.size > 10_000) notRevoked.delete(notRevoked.keys().next().value ?? "");
    }
    return "active";
  }

  return {
    check,
    lastHealthyAt: () => lastHealthyAt,
    healthy: () => !down && lastHealthyAt !== null,
    async ready() {
      await subscribing;
      // Resolves once Redis has answered (a client made with enableOfflineQueue: false refuses commands until
      // it is connected), so the first request is not judged by the fail-safe rule.
      while (!closed && (await check(PROBE_SESSION)) === "unknown") await new Promise((r) => setTimeout(r, 50));
    },
    async close() {
      closed = true;
      await subscribing;
      await subscriber?.quit().catch(() => undefined);
    },
  };
}
