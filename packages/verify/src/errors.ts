// The verifier's typed refusals. Callers switch on `code`; `status` is the HTTP status a resource server
// should answer with. The first three codes are Rotor's own, so a client that handles Rotor's API (refresh on
// TOKEN_EXPIRED, sign out on SESSION_REVOKED) handles every service that uses this package the same way.

export const VERIFY_ERROR_CODES = ["TOKEN_EXPIRED", "TOKEN_INVALID", "SESSION_REVOKED", "REVOCATION_UNAVAILABLE"] as const;

export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

/** Fixed texts: nothing from jose, Redis or the network ever reaches a message. */
const MESSAGES: Record<VerifyErrorCode, string> = {
  TOKEN_EXPIRED: "Access token expired",
  TOKEN_INVALID: "Access token invalid",
  SESSION_REVOKED: "Session revoked",
  REVOCATION_UNAVAILABLE: "Revocation status unavailable",
};

export class VerifyError extends Error {
  override readonly name = "VerifyError";
  /**
   * 401 for the token's own faults; 503 for REVOCATION_UNAVAILABLE, which is the service's outage, not the
   * user's: a client must not sign the user out over it (it would on SESSION_REVOKED).
   */
  readonly status: 401 | 503;
  constructor(readonly code: VerifyErrorCode) {
    super(MESSAGES[code]);
    this.status = code === "REVOCATION_UNAVAILABLE" ? 503 : 401;
  }
}

/** By name and code rather than `instanceof`, so two copies of the package (bundlers) still agree. */
export function isVerifyError(error: unknown): error is VerifyError {
  if (!(error instanceof Error) || error.name !== "VerifyError") return false;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === "string" && (VERIFY_ERROR_CODES as readonly string[]).includes(code);
}
