import { describe, expect, it } from "vitest";
import { createThresholdCounter } from "./threshold-counter.ts";

describe("createThresholdCounter (in process)", () => {
  it("answers true exactly once per window, on the event that reaches the threshold, per key", async () => {
    const counter = createThresholdCounter({ keyPrefix: "test", threshold: 3, windowSec: 60 });
    const a = [];
    for (let i = 0; i < 6; i++) a.push(await counter.hit("a"));
    expect(a).toEqual([false, false, true, false, false, false]);
    expect(await counter.hit("b")).toBe(false);
  });

  it("a threshold of 1 fires on the first event only (first-seen)", async () => {
    const counter = createThresholdCounter({ keyPrefix: "test1", threshold: 1, windowSec: 60 });
    expect([await counter.hit("x"), await counter.hit("x"), await counter.hit("y")]).toEqual([true, false, true]);
  });
});
