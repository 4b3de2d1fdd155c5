import { describe, expect, it } from "vitest";
import { createThresholdCounter } from "./threshold-counter.ts";

describe("createThresholdCounter (in process)", () => {
  it("answers true exactly once per window, on the event that reaches the threshold, per key", () => {
    const counter = createThresholdCounter({ keyPrefix: "test", threshold: 3, windowSec: 60 });
    const a = [];
    for (let i = 0; i < 6; i++) a.push(counter.hit("a"));
    // At once, not a promise: a refresh under the threshold costs nothing asynchronous.
    expect(a).toEqual([false, false, true, false, false, false]);
    expect(counter.hit("b")).toBe(false);
  });

  it("a threshold of 1 fires on the first event only (first-seen)", () => {
    const counter = createThresholdCounter({ keyPrefix: "test1", threshold: 1, windowSec: 60 });
    expect([counter.hit("x"), counter.hit("x"), counter.hit("y")]).toEqual([true, false, true]);
  });

  it("opens a window with a key's first event; once it has lapsed, counting starts again", () => {
    let now = 1_000_000;
    const counter = createThresholdCounter({ keyPrefix: "test2", threshold: 2, windowSec: 10, clock: { now: () => now } });
    expect([counter.hit("k"), counter.hit("k")]).toEqual([false, true]);
    now += 9_999;
    expect(counter.hit("k")).toBe(false); // still the first window
    now += 1;
    expect([counter.hit("k"), counter.hit("k")]).toEqual([false, true]);
  });
});
