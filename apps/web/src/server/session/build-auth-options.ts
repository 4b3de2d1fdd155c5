// next-auth (v4) configuration for Rotor, built per request so Rotor sees the caller's IP and user agent
// for its sessions and audit trail. Sign-in goes through Rotor's `auth.login` procedure (so whatever the
// API enforces there, e.g. rate limits, applies to the web too); rotation runs in the `jwt` callback;
// sign-out revokes the Rotor session, not only the cookie.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { TRPCError } from "@trpc/server";
import { createCaller, createContext, type ApiServices } from "@rotor/api";
import type { AuthSubject } from "@rotor/auth";
import { clientIp } from "../client-ip";
import { rotateWebSession, rotationAheadMs } from "./rotate-web-session";
import type { SessionSettings } from "./session-env";
import { sessionCookieName, sessionCookieOptions } from "./session-cookie";
import { toPublicSession, type WebSessionState } from "./web-session-state";

export interface BuildAuthOptionsInput {
  services: ApiServices;
  settings: SessionSettings;
  /** The request's headers (IP, user agent). */
  headers: Headers;
  /** @default Date.now */
  now?: () => number;
  /** The device token this browser holds (its device cookie), presented at sign-in. @default null */
  deviceToken?: string | null;
  /** Receives the device token a successful sign-in returns, for the device cookie. @default dropped */
  onDeviceToken?: (device: { token: string; expiresAt: Date }) => void;
}

/**
 * Error codes the login page understands (`/login?error=...`). Wording never says which field was wrong.
 * Rate limiting carries the wait in seconds: `RateLimited:30`.
 */
export const SIGN_IN_ERRORS = { rateLimited: "RateLimited", unavailable: "Unavailable" } as const;

function retryAfterSeconds(error: TRPCError): number | null {
  const cause: unknown = error.cause;
  const ms = cause && typeof cause === "object" && "retryAfterMs" in cause ? cause.retryAfterMs : null;
  return typeof ms === "number" && Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : null;
}

export function subjectOf(state: WebSessionState): AuthSubject {
  return {
    userId: state.userId,
    sessionId: state.sessionId,
    tenantId: state.tenantId,
    role: state.role,
    expiresAt: state.accessTokenExpiresAt,
  };
}

export function buildAuthOptions({
  services,
  settings,
  headers,
  now = Date.now,
  deviceToken = null,
  onDeviceToken,
}: BuildAuthOptionsInput): AuthOptions {
  const ip = clientIp(headers);
  const meta = { ip, userAgent: headers.get("user-agent") };
  const api = createCaller(createContext({ services, headers, ip }));

  async function signIn(tenant: string, email: string, password: string): Promise<WebSessionState | null> {
    let pair;
    try {
      pair = await api.auth.login({ tenant, email, password, ...(deviceToken ? { deviceToken } : {}) });
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      // Wrong credentials and malformed input get the same answer: nothing tells which part was wrong.
      if (error.code === "UNAUTHORIZED" || error.code === "BAD_REQUEST") return null;
      if (error.code === "TOO_MANY_REQUESTS") {
        const seconds = retryAfterSeconds(error);
        throw new Error(seconds === null ? SIGN_IN_ERRORS.rateLimited : `${SIGN_IN_ERRORS.rateLimited}:${seconds}`);
      }
      console.error("[web-session] sign-in failed", error);
      throw new Error(SIGN_IN_ERRORS.unavailable);
    }
    onDeviceToken?.({ token: pair.deviceToken, expiresAt: pair.deviceTokenExpiresAt });
    const subject = await services.tokens.authenticate(pair.accessToken);
    const profile = await services.tokens.getProfile(subject);
    const signedInAt = now();
    return {
      userId: subject.userId,
      sessionId: subject.sessionId,
      tenantId: subject.tenantId,
      role: subject.role,
      email: profile?.email ?? email,
      tenantSlug: profile?.tenant.slug ?? tenant,
      tenantName: profile?.tenant.name ?? tenant,
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessTokenExpiresAt: pair.accessTokenExpiresAt.getTime(),
      refreshTokenExpiresAt: pair.refreshTokenExpiresAt.getTime(),
      signedInAt,
      lastRefreshAt: null,
    };
  }

  return {
    secret: settings.secret,
    useSecureCookies: settings.secureCookies,
    // The cookie must not outlive Rotor's absolute session lifetime.
    session: { strategy: "jwt", maxAge: settings.lifetimes.sessionMaxAge },
    jwt: { maxAge: settings.lifetimes.sessionMaxAge },
    cookies: {
      sessionToken: {
        name: sessionCookieName(settings.secureCookies),
        options: sessionCookieOptions(settings.secureCookies),
      },
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Rotor",
        credentials: {
          tenant: { label: "Tenant", type: "text" },
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const { tenant = "", email = "", password = "" } = credentials ?? {};
          const state = await signIn(tenant, email, password);
          return state ? { id: state.userId, email: state.email, rotor: state } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.rotor) return { sub: user.rotor.userId, rotor: user.rotor };
        if (!token.rotor) return token;
        const rotor = await rotateWebSession(token.rotor, {
          refresh: (refreshToken) => api.auth.refresh({ refreshToken }),
          now,
          aheadMs: rotationAheadMs(settings.lifetimes),
        });
        return { ...token, rotor };
      },
      // Only the public view leaves the server; next-auth's default user fields are dropped.
      session({ session, token }) {
        return { expires: session.expires, ...(token.rotor ? { rotor: toPublicSession(token.rotor) } : {}) };
      },
    },
    events: {
      async signOut({ token }) {
        const state = token?.rotor;
        if (!state || state.error) return;
        // The cookie proves who the caller is even when its access token has expired.
        await services.tokens.logout({ actor: subjectOf(state), meta }).catch((error: unknown) => {
          console.error("[web-session] revoking the session on sign-out failed", error);
        });
      },
    },
  };
}
