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
 * - `LOCK_TIMEOUT`: the cross-tab lock wasn't granted in time; the store is kept;
 * - `REFRESH_TIMEOUT`: `refresh` did not settle within `refreshTimeoutMs`; the store is kept;
 * - `RATE_LIMITED`: the server answered the refresh with 429 / `TOO_MANY_REQUESTS`
 *   (`retryAfterMs` says when to try again); the store is kept;
 * - `SERVICE_UNAVAILABLE`: the server answered 503 / `SERVICE_UNAVAILABLE` (a transient
 *   infrastructure failure; `retryAfterMs` when it said); the store is kept.
 */
export type RefreshFailureReason = AuthCode | TransientFailureReason | "NO_SESSION";

/** Failures after which the session may still be good: the store is kept, `onRefreshFailed` not called. */
export type TransientFailureReason =
  | "NETWORK_ERROR"
  | "LOCK_TIMEOUT"
  | "REFRESH_TIMEOUT"
  | "RATE_LIMITED"
  | "SERVICE_UNAVAILABLE";

export const TRANSIENT_FAILURE_REASONS: readonly TransientFailureReason[] = [
  "NETWORK_ERROR",
  "LOCK_TIMEOUT",
  "REFRESH_TIMEOUT",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
];

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
  /** For `RATE_LIMITED` / `SERVICE_UNAVAILABLE`: how long the server asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(reason: RefreshFailureReason, options?: { cause?: unknown; retryAfterMs?: number }) {
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
    this.sessionEnded = !(TRANSIENT_FAILURE_REASONS as readonly string[]).includes(reason);
    this.retryAfterMs = options?.retryAfterMs;
  }
}
