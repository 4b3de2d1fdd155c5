// Runs the retention job inside the app every `intervalSeconds`. Every instance schedules it; the advisory
// lock in runCleanup lets one run at a time and the others skip that round. The timer never keeps a process
// alive, and stop() aborts a run between batches.
import type pg from "pg";
import type { RetentionPolicy } from "./retention-env.ts";
import { runCleanup, type CleanupResult } from "./run-cleanup.ts";

export interface CleanupSchedule {
  /** Stops the timer and waits for a running batch to end. */
  stop(): Promise<void>;
}

export interface ScheduleCleanupOptions {
  pool: pg.Pool;
  policy: RetentionPolicy;
  /** @default Date.now */
  clock?: () => number;
  onResult?: (result: CleanupResult) => void;
  /** A failed run is reported and the next one tries again. */
  onError?: (error: unknown) => void;
}

export function scheduleCleanup(options: ScheduleCleanupOptions): CleanupSchedule {
  const { policy } = options;
  if (policy.intervalSeconds === 0) return { stop: async () => undefined };
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return; // a run longer than the interval: this round is skipped
    running = runCleanup(options.pool, policy, { now: new Date((options.clock ?? Date.now)()), signal: controller.signal })
      .then(
        (result) => options.onResult?.(result),
        (error: unknown) => {
          if (!controller.signal.aborted) options.onError?.(error);
        },
      )
      .finally(() => {
        running = undefined;
      });
  }, policy.intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
