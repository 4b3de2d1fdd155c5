// Typed errors with a stable string `code` that callers switch on.
import type { AnyRouter } from "@trpc/server";
import { TRPCClientError } from "@trpc/client";
import { AUTH_CODES, type AuthCode } from "./types.ts";

/**
 * Thrown by the app's `refresh` callback when the server refuses the refresh
 * (`REFRESH_TOKEN_REUSED`, `SESSION_REVOKED`, ...). The link treats it as the end of the session.
 */
export class RefreshRejectedError extends Error {
  readonly code = "REFRESH_REJECTED" as const;
  constructor(
    readonly reason: AuthCode,
    options?: { cause?: unknown },
  ) {
    super(`Token refresh rejected: ${reason}`, options);
    this.name = "RefreshRejectedError";
  }
}

/**
 * Why a refresh failed: the server's auth code, or
 * - `NO_SESSION`: the store was empty when the refresh started (signed out, maybe in another tab);
 * - `NETWORK_ERROR`: `refresh` threw something other than a rejection (network, 5xx); the
 *   session may still be good, the store is kept;
 * - `LOCK_TIMEOUT`: the cross-tab lock wasn't granted in time; the store is kept.
 */
export type RefreshFailureReason = AuthCode | "NO_SESSION" | "NETWORK_ERROR" | "LOCK_TIMEOUT";

/**
 * What every call waiting on a failed refresh rejects with (one instance per failed refresh).
 * It is a `TRPCClientError`, so tRPC passes it through as is; for rejections `data` mirrors the
 * server's `UNAUTHORIZED` shape so generic `error.data?.code === "UNAUTHORIZED"` checks still work.
 */
export class RefreshFailedError extends TRPCClientError<AnyRouter> {
  readonly code = "REFRESH_FAILED" as const;
  readonly reason: RefreshFailureReason;
  /** True when the session is over (the store was cleared); false for transient failures. */
  readonly sessionEnded: boolean;

  constructor(reason: RefreshFailureReason, options?: { cause?: unknown }) {
    const message = `Token refresh failed: ${reason}`;
    const isAuthCode = (AUTH_CODES as readonly string[]).includes(reason);
    super(message, {
      ...(options?.cause instanceof Error ? { cause: options.cause } : {}),
      result: isAuthCode
        ? {
            error: {
              message,
              code: -32001,
              data: { code: "UNAUTHORIZED", httpStatus: 401, authCode: reason, path: undefined },
            },
          }
        : null,
    });
    // TRPCClientError pins its own prototype; restore ours so `instanceof` works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "RefreshFailedError";
    this.reason = reason;
    this.sessionEnded = reason !== "NETWORK_ERROR" && reason !== "LOCK_TIMEOUT";
  }
}
