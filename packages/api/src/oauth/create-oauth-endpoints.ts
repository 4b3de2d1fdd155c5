// RFC 7662 token introspection (POST /api/oauth/introspect) and RFC 7009 token revocation
// (POST /api/oauth/revoke) for services that cannot use @rotor/verify (other languages), authenticated with a
// service credential as HTTP Basic client_id:client_secret. Introspection honours revocation exactly as Rotor's
// API does; revoking an access or refresh token revokes its whole session (and so reaches every instance and
// every resource server through the revocation list). A tenant-scoped credential sees and revokes only its
// tenant's sessions; anything else looks inactive / is a silent no-op, as the RFCs prescribe for unknown tokens.
import { isAuthError, type ServiceCredentials, type ServicePrincipal, type TokenService } from "@rotor/auth";
import { NO_STORE, oauthError } from "./oauth-error.ts";
import { readOAuthRequest } from "./read-oauth-request.ts";

export interface OAuthEndpointsOptions {
  tokens: TokenService;
  credentials: ServiceCredentials;
  /**
   * Largest accepted request body, in bytes; larger is `invalid_request`.
   * @default 8192
   */
  maxBodyBytes?: number;
}

export interface OAuthEndpoints {
  introspect(request: Request): Promise<Response>;
  revoke(request: Request): Promise<Response>;
}

const HINTS = ["access_token", "refresh_token"] as const;
type Hint = (typeof HINTS)[number];
/** Longer than any token Rotor issues. */
const MAX_TOKEN_LENGTH = 4096;

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { ...NO_STORE, "content-type": "application/json" } });
const INACTIVE = { active: false } as const;
const seconds = (ms: number) => Math.floor(ms / 1000);

function readToken(params: URLSearchParams): { token: string; hint: string | null } | null {
  const token = params.get("token");
  if (!token) return null;
  return { token, hint: params.get("token_type_hint") };
}

export function createOAuthEndpoints(options: OAuthEndpointsOptions): OAuthEndpoints {
  const { tokens, credentials } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 8192;
  const inScope = (client: ServicePrincipal, tenantId: string) => client.tenantId === null || client.tenantId === tenantId;

  /** Undefined when the token is not a live access token (expired, revoked, forged, not a JWT). */
  async function activeAccessToken(token: string) {
    try {
      const claims = await tokens.verifyAccessToken(token);
      await tokens.authenticate(token);
      return claims;
    } catch (error) {
      if (isAuthError(error)) return undefined;
      throw error;
    }
  }

  async function introspectToken(client: ServicePrincipal, token: string, hint: string | null) {
    const order: Hint[] = hint === "refresh_token" ? ["refresh_token", "access_token"] : ["access_token", "refresh_token"];
    for (const type of order) {
      if (type === "access_token") {
        const claims = await activeAccessToken(token);
        if (!claims) continue;
        if (!inScope(client, claims.tid)) return INACTIVE;
        const { sub, sid, tid, role, exp, iat, nbf, iss, aud, jti } = claims;
        return { active: true, token_type: "access_token", sub, sid, tid, role, exp, iat, nbf, iss, aud, jti };
      }
      const refresh = await tokens.introspectRefreshToken(token);
      if (!refresh) continue;
      if (!inScope(client, refresh.tenantId)) return INACTIVE;
      return {
        active: true,
        token_type: "refresh_token",
        sub: refresh.userId,
        sid: refresh.sessionId,
        tid: refresh.tenantId,
        role: refresh.role,
        exp: seconds(refresh.expiresAt),
        iat: seconds(refresh.issuedAt),
      };
    }
    return INACTIVE;
  }

  /** The session a token belongs to (any state of a refresh token; a verified, unexpired access token). */
  async function sessionOf(token: string, hint: Hint | null): Promise<string | null> {
    const order: Hint[] = hint === "refresh_token" ? ["refresh_token", "access_token"] : ["access_token", "refresh_token"];
    for (const type of order) {
      if (type === "refresh_token") {
        const scope = await tokens.sessionOfRefreshToken(token);
        if (scope) return scope.sessionId;
        continue;
      }
      const claims = await tokens.verifyAccessToken(token).catch((error: unknown) => {
        if (isAuthError(error)) return null;
        throw error;
      });
      if (claims) return claims.sid;
    }
    return null;
  }

  /** Runs an endpoint; a failure of the database or anything else is a fixed 503, never a 500. */
  async function guarded(request: Request, handle: (client: ServicePrincipal, params: URLSearchParams) => Promise<Response>): Promise<Response> {
    try {
      const read = await readOAuthRequest(request, credentials, maxBodyBytes);
      if (read instanceof Response) return read;
      return await handle(read.client, read.params);
    } catch {
      return oauthError("temporarily_unavailable");
    }
  }

  return {
    introspect: (request) =>
      guarded(request, async (client, params) => {
        const input = readToken(params);
        if (!input) return oauthError("invalid_request");
        // RFC 7662 2.2: a token the server cannot use is simply inactive.
        if (input.token.length > MAX_TOKEN_LENGTH) return json(INACTIVE);
        return json(await introspectToken(client, input.token, input.hint));
      }),

    revoke: (request) =>
      guarded(request, async (client, params) => {
        const input = readToken(params);
        if (!input) return oauthError("invalid_request");
        if (input.hint !== null && !(HINTS as readonly string[]).includes(input.hint)) return oauthError("unsupported_token_type");
        // RFC 7009 2.2: invalid or unknown tokens get the same 200 as revoked ones.
        const sessionId = input.token.length > MAX_TOKEN_LENGTH ? null : await sessionOf(input.token, input.hint as Hint | null);
        if (sessionId) {
          await tokens.revokeSessionForService({
            sessionId,
            serviceCredentialId: client.id,
            scopeTenantId: client.tenantId,
            meta: { ip: null, userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null },
          });
        }
        return new Response(null, { status: 200, headers: NO_STORE });
      }),
  };
}
