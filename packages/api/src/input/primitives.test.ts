import { describe, expect, it } from "vitest";
import { id, password, plainText } from "./primitives.ts";

describe("input primitives", () => {
  it("plainText refuses NUL and other control characters but keeps ordinary Unicode", () => {
    const text = plainText(64);
    expect(text.safeParse("login-failed").success).toBe(true);
    expect(text.safeParse("Zürich ✓ 東京").success).toBe(true);
    for (const bad of ["a\u0000b", "tab\there", "line\nbreak", "\u007f", "\u0085"]) expect(text.safeParse(bad).success).toBe(false);
    expect(text.safeParse("x".repeat(65)).success).toBe(false);
  });

  it("id accepts UUIDs only", () => {
    expect(id.safeParse("0b6f4f6e-3a5e-4c1a-9d8e-2f1b7c6d5e4f").success).toBe(true);
    for (const bad of ["1", "not-a-uuid", "0b6f4f6e-3a5e-4c1a-9d8e-2f1b7c6d5e4f\u0000", ""]) expect(id.safeParse(bad).success).toBe(false);
  });

  it("password accepts any composition and long passphrases, exactly as typed", () => {
    for (const value of ["short", "   spaces around   ", "Ünïcödé パスワード 🔑", "a".repeat(64), "x".repeat(1024), "tab\tinside"]) {
      expect(password.parse(value)).toBe(value);
    }
    expect(password.safeParse("").success).toBe(false);
    expect(password.safeParse("x".repeat(1025)).success).toBe(false);
  });
});
