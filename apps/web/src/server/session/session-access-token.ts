// The tRPC context's fallback token source for browsers: the access token inside the session cookie.
// Read-only (see read-web-session.ts). An expired token is passed on as is, so the API answers
// TOKEN_EXPIRED and the browser's refresh link asks the session route to rotate.
import { ApiError } from "@rotor/api";
import { AuthError } from "@rotor/auth";
import { readWebSession, type CookieReader } from "./read-web-session";
import type { SessionSettings } from "./session-env";

export interface RequestLike {
  method: string;
  headers: Headers;
}

/**
 * Cookies ride along on cross-site requests too (SameSite=Lax allows top-level GETs), so the cookie only
 * counts when the browser says the request came from our own pages. Non-browser clients send no
 * Sec-Fetch-Site and use `Authorization: Bearer` anyway.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/**
 * For a state-changing request without Sec-Fetch-Site (older browsers, or a forged request from a
 * client that strips it), the Origin header must name this very host; `null` (sandboxed frames, some
 * redirects), a foreign origin or none at all proves nothing.
 */
export function originMatchesHost(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("host");
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

const isMutation = (method: string) => method !== "GET" && method !== "HEAD";

export function sessionAccessToken(request: RequestLike, cookies: CookieReader, settings: () => Promise<SessionSettings>) {
  const { headers } = request;
  return async (): Promise<string | null> => {
    if (!isSameOriginRequest(headers)) return null;
    const state = await readWebSession(cookies, await settings());
    if (!state) return null;
    if (isMutation(request.method) && headers.get("sec-fetch-site") === null && !originMatchesHost(headers)) {
      throw new ApiError("ORIGIN_REFUSED");
    }
    // The session route already learned that Rotor ended this session; say so with the same code.
    if (state.error) throw new AuthError(state.error, "Session ended");
    return state.accessToken;
  };
}
