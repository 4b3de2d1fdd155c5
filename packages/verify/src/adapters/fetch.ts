// Thin helpers for fetch-API servers (Hono, Next route handlers, Bun, Deno, workers): Request -> Subject, and
// the response to send when it fails.
import { VerifyError, isVerifyError } from "../errors.ts";
import type { Subject, Verifier } from "../types.ts";
import { bearerToken } from "./bearerToken.ts";

/** The subject of the request's bearer token; rejects with a `VerifyError` (TOKEN_INVALID when there is none). */
export async function verifyRequest(verifier: Verifier, request: Request): Promise<Subject> {
  const token = bearerToken(request.headers);
  if (token === null) throw new VerifyError("TOKEN_INVALID");
  return verifier.verify(token);
}

/**
 * The HTTP answer to a failed verification: 401 with `WWW-Authenticate: Bearer error="invalid_token"` for the
 * token's faults, 503 for REVOCATION_UNAVAILABLE; body `{ "error": { "code", "message" } }` with fixed texts.
 * Anything that is not a `VerifyError` is answered as TOKEN_INVALID, never echoed.
 */
export function unauthorizedResponse(error: unknown): Response {
  const failure = isVerifyError(error) ? error : new VerifyError("TOKEN_INVALID");
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (failure.status === 401) headers["www-authenticate"] = `Bearer error="invalid_token"`;
  else headers["retry-after"] = "1";
  return new Response(JSON.stringify({ error: { code: failure.code, message: failure.message } }), { status: failure.status, headers });
}
