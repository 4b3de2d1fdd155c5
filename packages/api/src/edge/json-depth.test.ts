import { describe, expect, it } from "vitest";
import { exceedsJsonDepth } from "./json-depth.ts";

describe("exceedsJsonDepth", () => {
  it("counts arrays and objects, not scalars", () => {
    expect(exceedsJsonDepth("x", 0)).toBe(false);
    expect(exceedsJsonDepth({}, 0)).toBe(true);
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });

  it("handles depth far past the stack limit", () => {
    const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000)) as unknown;
    expect(exceedsJsonDepth(deep, 16)).toBe(true);
  });
});
