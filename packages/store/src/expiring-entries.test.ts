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

  it("with lapseInOrder, sweeps up to the first live entry only (the rest lapse when read)", () => {
    const entries = createExpiringEntries<number>({ lapseInOrder: true });
    for (let i = 0; i < 1000; i++) entries.set(`old-${i}`, i, 10, 0);
    entries.set("live", 1, 1000, 0);
    for (let i = 0; i < 22; i++) entries.set(`late-${i}`, i, 5, 0); // out of order: lapses before "live"
    entries.set("trigger", 1, 1000, 20); // the 1,024th write
    expect(entries.size).toBe(24); // live, 22 late ones, trigger
    expect(entries.get("late-0", 20)).toBeUndefined();
    expect(entries.size).toBe(23);
  });
});
