// Node `http` / Express helpers: IncomingMessage -> Subject, and a middleware that answers 401/503 itself
// and otherwise puts the subject on `req.auth`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { VerifyError, isVerifyError } from "../errors.ts";
import type { Subject, Verifier } from "../types.ts";
import { bearerToken } from "./bearerToken.ts";

/** The subject of the request's bearer token; rejects with a `VerifyError` (TOKEN_INVALID when there is none). */
export async function verifyNodeRequest(verifier: Verifier, req: IncomingMessage): Promise<Subject> {
  const token = bearerToken(req.headers);
  if (token === null) throw new VerifyError("TOKEN_INVALID");
  return verifier.verify(token);
}

/** Writes the 401/503 answer of a failed verification (fixed texts; see `unauthorizedResponse`). */
export function sendUnauthorized(res: ServerResponse, error: unknown): void {
  const failure = isVerifyError(error) ? error : new VerifyError("TOKEN_INVALID");
  res.statusCode = failure.status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  if (failure.status === 401) res.setHeader("www-authenticate", `Bearer error="invalid_token"`);
  else res.setHeader("retry-after", "1");
  res.end(JSON.stringify({ error: { code: failure.code, message: failure.message } }));
}

export type AuthenticatedRequest = IncomingMessage & { auth: Subject };

/** Express/Connect middleware (also usable with plain `http`): `req.auth` is the subject when `next()` runs. */
export function requireAuth(verifier: Verifier) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    verifyNodeRequest(verifier, req).then(
      (subject) => {
        (req as AuthenticatedRequest).auth = subject;
        next();
      },
      (error: unknown) => sendUnauthorized(res, error),
    );
  };
}
