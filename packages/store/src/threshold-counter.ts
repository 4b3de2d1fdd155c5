// Counts events per key in a fixed window and says when a key reaches a threshold: exactly once per window,
// on the event that reaches it (for alerts: one alert per burst, not one per event). With Redis the counts
// are shared by every instance, on rate-limiter-flexible like the rate limits (an in-memory insurance
// counter takes over during an outage); a counter failure answers "not reached": alerting never fails a
// request. In one process the count is a window per key in memory, answered at once: every refresh counts
// here, and rate-limiter-flexible's in-memory limiter (a promise per call, then one per `then` after it)
// cost ~2.5% of the web host's CPU per auth.refresh in a profile.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { systemClock, type Clock } from "./clock.ts";
import { createExpiringEntries } from "./expiring-entries.ts";

export interface ThresholdCounterOptions {
  /** Shared Redis client; without it counts are per process. */
  redis?: Redis;
  /** Key namespace, e.g. `rotor:alert:brute-force-ip`. */
  keyPrefix: string;
  /** Events per window that trigger. */
  threshold: number;
  windowSec: number;
  /**
   * Time source for the in-process windows.
   * @default systemClock
   */
  clock?: Clock;
}

export interface ThresholdCounter {
  /**
   * Counts one event for `key`; true exactly when this event makes the window's count reach the threshold.
   * In process the answer is immediate; with Redis it is a promise.
   */
  hit(key: string): boolean | Promise<boolean>;
}

export function createThresholdCounter(options: ThresholdCounterOptions): ThresholdCounter {
  return options.redis ? sharedCounter(options, options.redis) : processCounter(options);
}

/** A window opens with a key's first event and lasts windowSec, as rate-limiter-flexible's do. */
function processCounter(options: ThresholdCounterOptions): ThresholdCounter {
  const clock = options.clock ?? systemClock;
  // Every window lasts windowSec and is set only when its key has none (a lapsed one is removed by get first).
  const windows = createExpiringEntries<{ count: number }>({ lapseInOrder: true });
  return {
    hit(key) {
      const now = clock.now();
      let window = windows.get(key, now);
      if (!window) {
        window = { count: 0 };
        windows.set(key, window, now + options.windowSec * 1000, now);
      }
      window.count += 1;
      return window.count === options.threshold;
    },
  };
}

function sharedCounter(options: ThresholdCounterOptions, redis: Redis): ThresholdCounter {
  const base = { keyPrefix: options.keyPrefix, points: options.threshold, duration: options.windowSec };
  const limiter = new RateLimiterRedis({ ...base, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) });
  // One `then`, not an async function around an await: each extra promise also pays for every
  // AsyncLocalStorage hook in the process.
  const reached = (res: { consumedPoints: number }) => res.consumedPoints === options.threshold;
  // Past the threshold (rejected with a RateLimiterRes) or a store failure: not the reaching event.
  const notReached = () => false;
  return {
    hit(key) {
      try {
        return limiter.consume(key, 1).then(reached, notReached);
      } catch {
        return Promise.resolve(false);
      }
    },
  };
}
