// A time-out that only catches hangs. Tests assert outcomes ("fails with STORE_UNAVAILABLE instead of
// waiting for Redis"), never elapsed time: a loaded CI machine must not turn a slow run into a failure.
// The net is far above any expected time (the Redis command time-out is 500 ms).

/** Default safety net: many times the longest expected settle time, still far below cache TTLs in tests. */
export const SAFETY_NET_MS = 15_000;

/** Resolves or rejects as `work()` does; throws only if it has not settled within `ms` (a hang). */
export async function withinSafetyNet<T>(work: () => Promise<T>, ms = SAFETY_NET_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within the ${ms} ms safety net`)), ms);
  });
  try {
    return await Promise.race([work(), hang]);
  } finally {
    clearTimeout(timer);
  }
}
