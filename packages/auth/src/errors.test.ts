import { describe, expect, it } from "vitest";
import { AuthError, NotFoundError, isAuthError, isNotFoundError } from "./errors.ts";

describe("error guards", () => {
  it("recognise errors from another copy of the classes (another bundle's module graph)", () => {
    class ForeignAuthError extends Error {
      override readonly name = "AuthError";
      readonly code = "TOKEN_EXPIRED";
    }
    expect(isAuthError(new ForeignAuthError())).toBe(true);
    expect(isAuthError(new AuthError("SESSION_REVOKED"))).toBe(true);
    expect(isNotFoundError(new NotFoundError("USER_NOT_FOUND", "x"))).toBe(true);
  });

  it("reject look-alikes without a known code", () => {
    const fake = Object.assign(new Error("x"), { name: "AuthError", code: "ROOT" });
    expect(isAuthError(fake)).toBe(false);
    expect(isAuthError({ name: "AuthError", code: "TOKEN_EXPIRED" })).toBe(false);
    expect(isNotFoundError(new AuthError("TOKEN_INVALID"))).toBe(false);
  });
});
