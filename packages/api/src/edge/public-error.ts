// What a client may learn from an error: a stable code and a fixed message. Known causes (auth, not found,
// rate limits, the API's own errors) speak for themselves; everything tRPC raises with text of its own
// (JSON parser messages, "No procedure found on path <echo>", batch and method complaints) and every
// unknown error gets a fixed text chosen by its tRPC code.
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { isAuthError, isNotFoundError } from "@rotor/auth";
import { RateLimitedError } from "../rate-limit.ts";
import { apiErrorMessage, isApiError, type ApiErrorCode } from "./api-error.ts";

export interface PublicError {
  message: string;
  errorCode: string;
  retryAfterMs: number | null;
}

const BY_TRPC_CODE: Partial<Record<TRPCError["code"], ApiErrorCode>> = {
  PARSE_ERROR: "INVALID_JSON",
  NOT_FOUND: "PROCEDURE_NOT_FOUND",
  METHOD_NOT_SUPPORTED: "METHOD_NOT_ALLOWED",
  PAYLOAD_TOO_LARGE: "BODY_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_CONTENT_TYPE",
  BAD_REQUEST: "INVALID_INPUT",
};

const fixed = (code: ApiErrorCode): PublicError => ({ message: apiErrorMessage(code), errorCode: code, retryAfterMs: null });

export function publicErrorOf(error: TRPCError): PublicError {
  const cause = error.cause;
  if (isAuthError(cause) || isNotFoundError(cause)) return { message: cause.message, errorCode: cause.code, retryAfterMs: null };
  if (cause instanceof RateLimitedError) return { message: cause.message, errorCode: cause.code, retryAfterMs: cause.retryAfterMs };
  if (isApiError(cause)) return { message: cause.message, errorCode: cause.code, retryAfterMs: cause.retryAfterMs };
  if (cause instanceof ZodError) return fixed("INVALID_INPUT");
  if (cause instanceof SyntaxError) return fixed("INVALID_JSON");
  const mapped = BY_TRPC_CODE[error.code];
  if (mapped) return fixed(mapped);
  if (error.code === "INTERNAL_SERVER_ERROR") return { message: "Internal server error", errorCode: "INTERNAL_SERVER_ERROR", retryAfterMs: null };
  return { message: "Request refused", errorCode: error.code, retryAfterMs: null };
}
