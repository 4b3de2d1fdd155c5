// Exit codes of `rotor`, documented in README.md. Scripts switch on them, so they never change meaning.
export const EXIT = {
  OK: 0,
  /** Unexpected failure (a bug, or a local file that can't be read or written). */
  ERROR: 1,
  /** Bad command line or input: unknown command, missing argument, invalid JSON, not a query. */
  USAGE: 2,
  /** No stored credentials for this ROTOR_URL. */
  NOT_SIGNED_IN: 3,
  /** `login` refused: wrong tenant, email or password, or too many attempts. */
  LOGIN_FAILED: 4,
  /** The session is over (revoked, expired, refresh token reused) or its token is refused; log in again. */
  SESSION_ENDED: 5,
  /** Signed in, but the role may not do this. */
  FORBIDDEN: 6,
  /** The server could not be reached (or timed out). */
  UNREACHABLE: 7,
  /** The server answered with another error (not found, bad input, internal error). */
  API_ERROR: 8,
  /**
   * The server is up but temporarily can't serve (503 SERVICE_UNAVAILABLE, or a rate-limited
   * refresh): try again, after the time given if any. sysexits' EX_TEMPFAIL.
   */
  UNAVAILABLE: 75,
  /** Interrupted at a prompt (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
