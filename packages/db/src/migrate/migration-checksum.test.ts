import { describe, expect, it } from "vitest";
import { matchesChecksum, migrationChecksum } from "./migration-checksum.ts";

describe("migration checksums", () => {
  it("are zero-padded sha256 hex, like prisma-engines' render_checksum", () => {
    // The vector from prisma-engines' own checksum tests.
    expect(migrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(migrationChecksum(new TextEncoder().encode("hello"))).toBe(migrationChecksum("hello"));
  });

  it("match across LF and CRLF line endings, but not across real edits", () => {
    expect(matchesChecksum("a\r\nb\r\n", migrationChecksum("a\nb\n"))).toBe(true);
    expect(matchesChecksum("a\nb\n", migrationChecksum("a\r\nb\r\n"))).toBe(true);
    expect(matchesChecksum("abc\n", migrationChecksum("abc"))).toBe(false);
  });

  it("match rows written by old engines that dropped leading zeros", () => {
    const digest = [...Buffer.from(migrationChecksum("hello"), "hex")].map((byte) => byte.toString(16)).join("");
    expect(digest.length).toBeLessThan(64);
    expect(matchesChecksum("hello", digest)).toBe(true);
  });
});
