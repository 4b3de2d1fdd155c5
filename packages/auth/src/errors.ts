// Typed auth failures. Callers switch on `code`, never on messages; the API layer maps codes to tRPC errors.

export const AUTH_ERROR_CODES = [
  "TOKEN_EXPIRED",
  "TOKEN_INVALID",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "REFRESH_TOKEN_INVALID",
  "REFRESH_TOKEN_EXPIRED",
  "REFRESH_TOKEN_REUSED",
  "INVALID_CREDENTIALS",
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

/** Thrown for configuration that can never work (missing production keys, bad env). */
export class AuthConfigError extends Error {
  override readonly name = "AuthConfigError";
  constructor(
    readonly code: "AUTH_KEYS_MISSING" | "AUTH_KEYS_INVALID" | "AUTH_ENV_INVALID" | "AUTH_ENCRYPTION_KEY_MISSING",
    message: string,
  ) {
    super(message);
  }
}

// Checked by name and code, not `instanceof`: Next.js bundles server code into several module graphs
// (route handlers, pages, instrumentation) while services are shared across them, so an error can come
// from another copy of this class.
function hasCode<T extends string>(error: unknown, name: string, codes: readonly T[]): boolean {
  if (!(error instanceof Error) || error.name !== name) return false;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === "string" && (codes as readonly string[]).includes(code);
}

export function isAuthError(error: unknown): error is AuthError {
  return hasCode(error, "AuthError", AUTH_ERROR_CODES);
}

const NOT_FOUND_CODES = ["SESSION_NOT_FOUND", "USER_NOT_FOUND", "SERVICE_CREDENTIAL_NOT_FOUND"] as const;

/** A resource outside the caller's reach or absent; deliberately the same answer for both. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    readonly code: (typeof NOT_FOUND_CODES)[number],
    message: string,
  ) {
    super(message);
  }
}

export function isNotFoundError(error: unknown): error is NotFoundError {
  return hasCode(error, "NotFoundError", NOT_FOUND_CODES);
}
