// What the encrypted session cookie holds, and the part of it the browser may see. The token pair lives
// only in the cookie (httpOnly, encrypted with AUTH_SECRET); `toPublicSession` is the single place that
// decides what leaves the server, and it never includes a token.
import type { AuthErrorCode, AuthRole, TokenPair } from "@rotor/auth";

/** Codes after which the web session is over: the cookie keeps the code, the tokens are dropped. */
export type SessionEndCode = Extract<
  AuthErrorCode,
  "SESSION_REVOKED" | "SESSION_EXPIRED" | "REFRESH_TOKEN_INVALID" | "REFRESH_TOKEN_EXPIRED" | "REFRESH_TOKEN_REUSED"
>;

export const SESSION_END_CODES: readonly SessionEndCode[] = [
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "REFRESH_TOKEN_INVALID",
  "REFRESH_TOKEN_EXPIRED",
  "REFRESH_TOKEN_REUSED",
];

export interface WebUser {
  userId: string;
  email: string;
  role: AuthRole;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  sessionId: string;
}

/** Stored under `rotor` in next-auth's JWT. Times are epoch ms. */
export interface WebSessionState extends WebUser {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  signedInAt: number;
  /** When the server last rotated the pair for this cookie; null until the first rotation. */
  lastRefreshAt: number | null;
  /** Set once Rotor refused a rotation; the session is over. */
  error?: SessionEndCode;
}

/** What `GET /api/auth/session` returns to the browser (under `rotor`). */
export interface PublicSession {
  user: Omit<WebUser, "tenantId">;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  lastRefreshAt: number | null;
  error: SessionEndCode | null;
}

export function isSessionEndCode(code: unknown): code is SessionEndCode {
  return typeof code === "string" && (SESSION_END_CODES as readonly string[]).includes(code);
}

export function withPair(state: WebSessionState, pair: TokenPair, now: number): WebSessionState {
  return {
    ...state,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt.getTime(),
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt.getTime(),
    lastRefreshAt: now,
  };
}

export function ended(state: WebSessionState, code: SessionEndCode): WebSessionState {
  return { ...state, accessToken: "", refreshToken: "", error: code };
}

export function toPublicSession(state: WebSessionState): PublicSession {
  return {
    user: {
      userId: state.userId,
      email: state.email,
      role: state.role,
      tenantSlug: state.tenantSlug,
      tenantName: state.tenantName,
      sessionId: state.sessionId,
    },
    accessTokenExpiresAt: state.accessTokenExpiresAt,
    refreshTokenExpiresAt: state.refreshTokenExpiresAt,
    lastRefreshAt: state.lastRefreshAt,
    error: state.error ?? null,
  };
}
