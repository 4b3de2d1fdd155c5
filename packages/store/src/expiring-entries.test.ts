import { describe, expect, it } from "vitest";
import { createExpiringEntries } from "./expiring-entries.ts";

describe("createExpiringEntries", () => {
  it("answers an entry until its instant, and removes it when read after", () => {
    const entries = createExpiringEntries<string>();
    entries.set("a", "1", 100, 0);
    expect(entries.get("a", 99)).toBe("1");
    expect(entries.get("a", 100)).toBeUndefined();
    expect(entries.size).toBe(0);
  });

  it("sweeps lapsed entries of keys never read again, every 1,024 writes", () => {
    const entries = createExpiringEntries<number>();
    for (let i = 0; i < 1023; i++) entries.set(`old-${i}`, i, 10, 0);
    expect(entries.size).toBe(1023);
    entries.set("new", 1, 1000, 10); // the 1,024th write, when every earlier entry has lapsed
    expect(entries.size).toBe(1);
    expect(entries.get("new", 10)).toBe(1);
  });
});
