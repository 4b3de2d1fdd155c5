// The request context. The app that hosts the API passes in every dependency (services, how to find the
// caller's access token, request metadata); nothing here reads globals, so tests build it with a real
// database and no HTTP at all.
import type { PrismaClient } from "@rotor/db";
import { AuthError, type AuthSubject, type RequestMeta, type ServiceCredentials, type TokenService } from "@rotor/auth";
import type { RateLimits } from "@rotor/store";
import { stripControlCharacters } from "./input/primitives.ts";
import type { AlertMonitor } from "./alerts/alert-monitor.ts";

export interface ApiServices {
  tokens: TokenService;
  prisma: PrismaClient;
  /** Credentials of other services (revocation feed, introspection), managed by tenant admins. */
  serviceCredentials: ServiceCredentials;
  /** Login and refresh limits; absent means unlimited (benchmarks, some tests). */
  rateLimits?: RateLimits;
  /** Suspicious-pattern alerts; absent means none (units, benchmarks). */
  alerts?: AlertMonitor;
}

export interface CreateContextOptions {
  services: ApiServices;
  /** Request headers: `Authorization`, `User-Agent`. */
  headers: Headers;
  /** Client IP as the hosting app determined it (proxy-aware). */
  ip?: string | null;
  /**
   * Fallback source of an access token when there is no `Authorization` header (the web session cookie).
   * @default none
   */
  sessionAccessToken?: () => Promise<string | null>;
}

export interface ApiContext {
  services: ApiServices;
  meta: RequestMeta;
  /** Resolves (once per request) the caller; throws AuthError when there is none or it is not valid. */
  authenticate: () => Promise<AuthSubject>;
}

export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1] ?? "";
}

/** The User-Agent as stored in sessions and audit rows: no control characters, bounded. */
function storableUserAgent(headers: Headers): string | null {
  const value = headers.get("user-agent");
  return value === null ? null : stripControlCharacters(value).slice(0, 512);
}

export function createContext(options: CreateContextOptions): ApiContext {
  const meta: RequestMeta = { ip: options.ip ?? null, userAgent: storableUserAgent(options.headers) };
  let resolved: Promise<AuthSubject> | undefined;
  return {
    services: options.services,
    meta,
    authenticate() {
      resolved ??= (async () => {
        const token = bearerToken(options.headers) ?? (await options.sessionAccessToken?.()) ?? null;
        if (!token) throw new AuthError("TOKEN_INVALID", "Missing access token");
        return options.services.tokens.authenticate(token);
      })();
      return resolved;
    },
  };
}
