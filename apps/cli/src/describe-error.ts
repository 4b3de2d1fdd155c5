// Turns whatever a call threw into a CliError: one clear sentence per auth outcome and the
// documented exit code. Callers pass what they were doing, for the generic cases.
import { TRPCClientError } from "@trpc/client";
import { RefreshFailedError, SESSION_ENDING_CODES, type AuthCode, type RefreshFailureReason } from "@rotor/trpc-refresh-link";
import { CliError } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";

const LOGIN_AGAIN = "Run `rotor login` to sign in again.";

const SESSION_ENDED: Record<string, string> = {
  SESSION_REVOKED: "Your session was revoked (signed out elsewhere or by an administrator).",
  SESSION_EXPIRED: "Your session reached its maximum age and has expired.",
  REFRESH_TOKEN_EXPIRED: "Your session expired after a period of inactivity.",
  REFRESH_TOKEN_REUSED:
    "Your session was ended by the server because its refresh token was used twice (a possible copy of your credentials).",
  REFRESH_TOKEN_INVALID: "The server no longer recognises your session.",
  NO_SESSION: "You are not signed in.",
};

interface ErrorData {
  code?: string;
  httpStatus?: number;
  authCode?: string | null;
  retryAfterMs?: number | null;
  zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
}

function dataOf(error: { data?: unknown }): ErrorData {
  const data: unknown = error.data;
  return typeof data === "object" && data !== null ? data : {};
}

function isNetworkFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === "AbortError" || e.name === "TimeoutError") return true;
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|UND_ERR_)/.test(code)) return true;
  }
  return false;
}

/** " in 3 s" / "" from a wait in ms the server gave. */
function waitHint(retryAfterMs: number | null | undefined): string {
  return retryAfterMs && retryAfterMs > 0 ? ` in ${Math.ceil(retryAfterMs / 1000)} s` : "";
}

function unavailable(retryAfterMs: number | null | undefined, cause: unknown): CliError {
  return new CliError(
    `The server is temporarily unavailable; try again${waitHint(retryAfterMs)}. Your session is kept.`,
    EXIT.UNAVAILABLE,
    { cause },
  );
}

export function sessionEndedMessage(reason: RefreshFailureReason | AuthCode): string {
  return `${SESSION_ENDED[reason] ?? `Your session has ended (${reason}).`} ${LOGIN_AGAIN}`;
}

export function describeError(error: unknown, context: { baseUrl: string; action: string }): CliError {
  if (error instanceof CliError) return error;
  const unreachable = () =>
    new CliError(`Cannot reach Rotor at ${context.baseUrl} (${context.action}). Is the server running? Set ROTOR_URL to change it.`, EXIT.UNREACHABLE, {
      cause: error,
    });

  if (error instanceof RefreshFailedError) {
    if (error.sessionEnded) return new CliError(sessionEndedMessage(error.reason), EXIT.SESSION_ENDED, { cause: error, sessionEnded: true });
    if (error.reason === "SERVICE_UNAVAILABLE") return unavailable(error.retryAfterMs, error);
    if (error.reason === "RATE_LIMITED") {
      return new CliError(
        `Too many token renewals for this session; try again${waitHint(error.retryAfterMs) || " later"}. Your session is kept.`,
        EXIT.UNAVAILABLE,
        { cause: error },
      );
    }
    if (error.reason === "REFRESH_TIMEOUT") return unreachable();
    if (error.reason === "NETWORK_ERROR" && isNetworkFailure(error.cause)) return unreachable();
    return new CliError(`Could not renew your access token (${error.reason}); your session is kept. Try again.`, EXIT.UNREACHABLE, {
      cause: error,
    });
  }
  if (!(error instanceof TRPCClientError)) {
    if (isNetworkFailure(error)) return unreachable();
    return new CliError(`Unexpected error while ${context.action}: ${String(error)}`, EXIT.ERROR, { cause: error });
  }

  const data = dataOf(error);
  const authCode = data.authCode ?? undefined;
  if (data.code === undefined) {
    // No tRPC error body: the request never got an answer, or the answer wasn't Rotor's API.
    if (isNetworkFailure(error)) return unreachable();
    return new CliError(
      `Unexpected answer from ${context.baseUrl} while ${context.action} (${error.message}). Does ROTOR_URL point at a Rotor server?`,
      EXIT.API_ERROR,
      { cause: error },
    );
  }

  switch (data.code) {
    case "UNAUTHORIZED":
      if (authCode && (SESSION_ENDING_CODES as readonly string[]).includes(authCode)) {
        return new CliError(sessionEndedMessage(authCode as AuthCode), EXIT.SESSION_ENDED, { cause: error, sessionEnded: true });
      }
      if (authCode === "INVALID_CREDENTIALS") {
        return new CliError("Login failed: wrong tenant, email or password.", EXIT.LOGIN_FAILED, { cause: error });
      }
      if (authCode === "TOKEN_EXPIRED") {
        return new CliError(
          `The server refused a freshly renewed access token as expired; check this machine's clock. ${LOGIN_AGAIN}`,
          EXIT.SESSION_ENDED,
          { cause: error },
        );
      }
      return new CliError(
        `The server does not accept your stored access token (${authCode ?? "UNAUTHORIZED"}). ${LOGIN_AGAIN}`,
        EXIT.SESSION_ENDED,
        { cause: error },
      );
    case "FORBIDDEN":
      return new CliError(`Permission denied: your role may not do this (${context.action}).`, EXIT.FORBIDDEN, { cause: error });
    case "TOO_MANY_REQUESTS": {
      const seconds = data.retryAfterMs ? Math.ceil(data.retryAfterMs / 1000) : undefined;
      return new CliError(
        `Too many attempts; try again${seconds ? ` in ${seconds} s` : " later"}.`,
        context.action === "signing in" ? EXIT.LOGIN_FAILED : EXIT.API_ERROR,
        { cause: error },
      );
    }
    case "BAD_REQUEST": {
      const fields = Object.entries(data.zodError?.fieldErrors ?? {}).map(([field, issues]) => `${field}: ${(issues ?? []).join(", ")}`);
      const issues = [...(data.zodError?.formErrors ?? []), ...fields];
      return new CliError(`The server rejected the input${issues.length ? `: ${issues.join("; ")}` : `: ${error.message}`}`, EXIT.API_ERROR, {
        cause: error,
      });
    }
    case "METHOD_NOT_SUPPORTED":
      return new CliError(`Not a query (${context.action}): \`rotor call\` runs queries only.`, EXIT.USAGE, { cause: error });
    case "NOT_FOUND":
      return new CliError(`Not found (${context.action}): ${error.message}`, EXIT.API_ERROR, { cause: error });
    case "SERVICE_UNAVAILABLE":
      return unavailable(data.retryAfterMs, error);
    case "INTERNAL_SERVER_ERROR":
      return new CliError(`The server failed while ${context.action} (internal error). Try again later.`, EXIT.API_ERROR, { cause: error });
    default:
      return new CliError(`The server refused (${data.code}) while ${context.action}: ${error.message}`, EXIT.API_ERROR, { cause: error });
  }
}
