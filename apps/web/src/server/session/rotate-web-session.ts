// Rotation of the web session's token pair, run by next-auth's `jwt` callback. It only rotates when the
// access token is (nearly) expired, so most session reads cost nothing. Concurrent calls with the same
// cookie (several tabs, several requests) each present the same refresh token; Rotor's reuse interval
// answers all of them with the same successor, so none of them logs the user out.
import { isAuthError, type TokenLifetimes, type TokenPair } from "@rotor/auth";
import { ended, isSessionEndCode, withPair, type WebSessionState } from "./web-session-state";

export interface RotateWebSessionDeps {
  /** Exchanges a refresh token for a new pair (Rotor's `auth.refresh`). */
  refresh: (refreshToken: string) => Promise<TokenPair>;
  /** Epoch ms. */
  now: () => number;
  /** Rotate when the access token has at most this many ms left. */
  aheadMs: number;
}

/** Rotate ahead by a quarter of the access token's life, at most a minute: early enough, not wasteful. */
export function rotationAheadMs(lifetimes: TokenLifetimes): number {
  return Math.min(60_000, (lifetimes.accessTokenTtl * 1000) / 4);
}

/** The auth code behind a service error or a tRPC error wrapping one (isAuthError works across bundles). */
function authCodeOf(error: unknown): string | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | null)?.cause]) {
    if (isAuthError(candidate)) return candidate.code;
  }
  return undefined;
}

export async function rotateWebSession(state: WebSessionState, deps: RotateWebSessionDeps): Promise<WebSessionState> {
  if (state.error) return state;
  const now = deps.now();
  if (state.accessTokenExpiresAt - now > deps.aheadMs) return state;
  try {
    return withPair(state, await deps.refresh(state.refreshToken), now);
  } catch (error) {
    const code = authCodeOf(error);
    if (isSessionEndCode(code)) return ended(state, code);
    // Anything else (database down, rate limited) is transient: keep the session as it is. Throwing here
    // would make next-auth delete the cookie, i.e. sign the user out because of an outage.
    console.error("[web-session] rotation failed, keeping the session", error);
    return state;
  }
}
