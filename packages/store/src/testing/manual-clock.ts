// A Clock that only moves when a test says so.
import type { Clock } from "../clock.ts";

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(startEpochMs = Date.UTC(2030, 0, 1)): ManualClock {
  let now = startEpochMs;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(epochMs) {
      now = epochMs;
    },
  };
}
