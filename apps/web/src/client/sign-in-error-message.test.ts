import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-error-message";

describe("signInErrorMessage", () => {
  it("gives wrong credentials one wording that names no field as the culprit", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe(signInErrorMessage("anything-else"));
    expect(signInErrorMessage("CredentialsSignin")).not.toMatch(/not found|unknown|no such/i);
  });

  it("tells rate limiting apart, with how long to wait when the server said", () => {
    expect(signInErrorMessage("RateLimited")).toMatch(/too many/i);
    expect(signInErrorMessage("RateLimited:30")).toBe("Too many sign-in attempts. Please try again in 30 seconds.");
    expect(signInErrorMessage("RateLimited:1")).toMatch(/in 1 second\./);
    expect(signInErrorMessage("RateLimited:61")).toMatch(/in 2 minutes\./);
    expect(signInErrorMessage("RateLimited:900")).toMatch(/in 15 minutes\./);
    // Anything odd falls back to the wording without a number, never echoes the input.
    for (const odd of ["RateLimited:", "RateLimited:-5", "RateLimited:abc", "RateLimited:1.5", "RateLimited:<b>"]) {
      expect(signInErrorMessage(odd)).toBe("Too many sign-in attempts. Please wait a moment and try again.");
    }
  });
});
