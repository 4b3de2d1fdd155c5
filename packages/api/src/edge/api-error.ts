// Errors the API's edge and procedures raise themselves: a stable code, a fixed message and the tRPC code
// it maps to. Nothing here carries text from a parser, driver or library, so the error formatter can show
// the message as is.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

const API_ERRORS = {
  METHOD_NOT_ALLOWED: { trpcCode: "METHOD_NOT_SUPPORTED", message: "Method not allowed" },
  BODY_TOO_LARGE: { trpcCode: "PAYLOAD_TOO_LARGE", message: "Request body too large" },
  BATCH_TOO_LARGE: { trpcCode: "BAD_REQUEST", message: "Too many calls in one batch" },
  INPUT_TOO_DEEP: { trpcCode: "BAD_REQUEST", message: "Input nested too deeply" },
  INVALID_JSON: { trpcCode: "PARSE_ERROR", message: "Request is not valid JSON" },
  INVALID_TRANSFORMER_META: { trpcCode: "BAD_REQUEST", message: "Unsupported serialization metadata" },
  INVALID_INPUT: { trpcCode: "BAD_REQUEST", message: "Invalid input" },
  UNSUPPORTED_CONTENT_TYPE: { trpcCode: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported content type" },
  PROCEDURE_NOT_FOUND: { trpcCode: "NOT_FOUND", message: "No such procedure" },
  ORIGIN_REFUSED: { trpcCode: "FORBIDDEN", message: "Cross-origin request refused" },
  INSUFFICIENT_ROLE: { trpcCode: "FORBIDDEN", message: "Insufficient role" },
  SERVICE_UNAVAILABLE: { trpcCode: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable, try again" },
} as const satisfies Record<string, { trpcCode: TRPC_ERROR_CODE_KEY; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** How long a client should wait after SERVICE_UNAVAILABLE (a dropped connection is back within ~1 s). */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_MS = 1000;

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly trpcCode: TRPC_ERROR_CODE_KEY;
  /** Set for SERVICE_UNAVAILABLE: when to try again. */
  readonly retryAfterMs: number | null;
  constructor(
    readonly code: ApiErrorCode,
    options?: { cause?: unknown },
  ) {
    super(API_ERRORS[code].message, options);
    this.trpcCode = API_ERRORS[code].trpcCode;
    this.retryAfterMs = code === "SERVICE_UNAVAILABLE" ? SERVICE_UNAVAILABLE_RETRY_AFTER_MS : null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  if (!(error instanceof Error) || error.name !== "ApiError") return false;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === "string" && code in API_ERRORS;
}

/** The fixed public message of a code (for errors that tRPC itself raises with text of its own). */
export function apiErrorMessage(code: ApiErrorCode): string {
  return API_ERRORS[code].message;
}
