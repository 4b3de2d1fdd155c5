import { describe, expect, it } from "vitest";
import { pooledRandomBytes } from "./pooled-random-bytes.ts";

describe("pooledRandomBytes", () => {
  it("hands out the requested number of bytes, never the same ones twice, across refills", () => {
    const seen = new Set<string>();
    // 4 KiB pool: 1,000 draws of 32 bytes refill it several times, and some draws straddle a refill.
    for (let i = 0; i < 1000; i++) {
      const bytes = pooledRandomBytes(i % 7 === 0 ? 12 : 32);
      expect(bytes.byteLength).toBe(i % 7 === 0 ? 12 : 32);
      seen.add(bytes.toString("hex"));
    }
    expect(seen.size).toBe(1000);
  });

  it("returns copies: changing one changes nothing else drawn", () => {
    const first = pooledRandomBytes(32);
    const snapshot = Buffer.from(first);
    first.fill(0);
    const second = pooledRandomBytes(32);
    expect(second.equals(Buffer.alloc(32))).toBe(false);
    expect(snapshot.equals(Buffer.alloc(32))).toBe(false);
  });

  it("looks uniform: every byte value turns up about equally often", () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2048; i++) for (const byte of pooledRandomBytes(32)) counts[byte]!++;
    // 65,536 bytes, 256 expected per value; a pool that repeated or zeroed itself would be far outside this.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(380);
  });

  it("refuses sizes it cannot serve from one pool", () => {
    for (const size of [0, -1, 1.5, 4097, Number.NaN]) expect(() => pooledRandomBytes(size)).toThrow(RangeError);
  });
});
