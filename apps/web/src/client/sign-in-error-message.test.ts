import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-error-message";

describe("signInErrorMessage", () => {
  it("gives wrong credentials one wording that names no field as the culprit", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe(signInErrorMessage("anything-else"));
    expect(signInErrorMessage("CredentialsSignin")).not.toMatch(/not found|unknown|no such/i);
  });

  it("tells rate limiting apart", () => {
    expect(signInErrorMessage("RateLimited")).toMatch(/too many/i);
  });
});
