// Counts events per key in a fixed window and says when a key reaches a threshold: exactly once per window,
// on the event that reaches it (for alerts: one alert per burst, not one per event). On rate-limiter-flexible
// like the rate limits, so with Redis the counts are shared by every instance (an in-memory insurance
// counter takes over during an outage). A counter failure answers "not reached": alerting never fails a
// request.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface ThresholdCounterOptions {
  /** Shared Redis client; without it counts are per process. */
  redis?: Redis;
  /** Key namespace, e.g. `rotor:alert:brute-force-ip`. */
  keyPrefix: string;
  /** Events per window that trigger. */
  threshold: number;
  windowSec: number;
}

export interface ThresholdCounter {
  /** Counts one event for `key`; true exactly when this event makes the window's count reach the threshold. */
  hit(key: string): Promise<boolean>;
}

export function createThresholdCounter(options: ThresholdCounterOptions): ThresholdCounter {
  const base = { keyPrefix: options.keyPrefix, points: options.threshold, duration: options.windowSec };
  const memory = new RateLimiterMemory(base);
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({ ...base, storeClient: options.redis, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : memory;
  // One `then`, not an async function around an await: every refresh of the app counts here, and each
  // extra promise also pays for every AsyncLocalStorage hook in the process.
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
