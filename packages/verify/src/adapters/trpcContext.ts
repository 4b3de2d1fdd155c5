// A tRPC context helper: turns the request tRPC's adapter hands `createContext` (fetch `Request` or Node
// `IncomingMessage`) into `{ subject, authError }`. It never throws, so public procedures still run; a
// protected procedure throws `UNAUTHORIZED` when `subject` is null (see the README).
import { VerifyError, isVerifyError } from "../errors.ts";
import type { Subject, Verifier } from "../types.ts";
import { bearerToken, type HeadersLike } from "./bearerToken.ts";

export interface VerifiedContext {
  subject: Subject | null;
  authError: VerifyError | null;
}

export function createContextAuth(verifier: Verifier): (opts: { req: { headers: HeadersLike } }) => Promise<VerifiedContext> {
  return async ({ req }) => {
    const token = bearerToken(req.headers);
    // No token is not an error: the caller is anonymous.
    if (token === null) return { subject: null, authError: null };
    try {
      return { subject: await verifier.verify(token), authError: null };
    } catch (error) {
      return { subject: null, authError: isVerifyError(error) ? error : new VerifyError("TOKEN_INVALID") };
    }
  };
}
