// The tRPC context's fallback token source for browsers: the access token inside the session cookie.
// Read-only (see read-web-session.ts). An expired token is passed on as is, so the API answers
// TOKEN_EXPIRED and the browser's refresh link asks the session route to rotate.
import { AuthError } from "@rotor/auth";
import { readWebSession, type CookieReader } from "./read-web-session";
import type { SessionSettings } from "./session-env";

/**
 * Cookies ride along on cross-site requests too (SameSite=Lax allows top-level GETs), so the cookie only
 * counts when the browser says the request came from our own pages. Non-browser clients send no
 * Sec-Fetch-Site and use `Authorization: Bearer` anyway.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

export function sessionAccessToken(headers: Headers, cookies: CookieReader, settings: () => Promise<SessionSettings>) {
  return async (): Promise<string | null> => {
    if (!isSameOriginRequest(headers)) return null;
    const state = await readWebSession(cookies, await settings());
    if (!state) return null;
    // The session route already learned that Rotor ended this session; say so with the same code.
    if (state.error) throw new AuthError(state.error, "Session ended");
    return state.accessToken;
  };
}
