import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { RefreshFailedError, RefreshRejectedError } from "./errors.ts";

describe("errors", () => {
  it("RefreshRejectedError carries a stable code and the reason", () => {
    const error = new RefreshRejectedError("REFRESH_TOKEN_REUSED");
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "REFRESH_REJECTED", reason: "REFRESH_TOKEN_REUSED", name: "RefreshRejectedError" });
  });

  it("RefreshFailedError is a TRPCClientError that tRPC passes through unchanged", () => {
    const error = new RefreshFailedError("SESSION_REVOKED");
    expect(error).toBeInstanceOf(RefreshFailedError);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(TRPCClientError.from(error)).toBe(error);
    expect(error).toMatchObject({
      code: "REFRESH_FAILED",
      reason: "SESSION_REVOKED",
      sessionEnded: true,
      data: { code: "UNAUTHORIZED", httpStatus: 401, authCode: "SESSION_REVOKED" },
    });
  });

  it("transient failures keep the session and carry no server shape", () => {
    const cause = new TypeError("fetch failed");
    const error = new RefreshFailedError("NETWORK_ERROR", { cause });
    expect(error.sessionEnded).toBe(false);
    expect(error.data).toBeUndefined();
    expect(error.cause).toBe(cause);
    expect(new RefreshFailedError("LOCK_TIMEOUT").sessionEnded).toBe(false);
    expect(new RefreshFailedError("NO_SESSION")).toMatchObject({ sessionEnded: true, data: undefined });
  });
});
