// Verifies access tokens with a pinned algorithm list and every claim check, mapping each failure to a
// stable code. A bounded cache of already-verified tokens skips repeated signature checks (ES256 verify is
// ~140 µs of CPU on our machines and a session presents the same token many times); expiry is still
// checked against the clock on every call.
import { errors, jwtVerify, type JWTHeaderParameters } from "jose";
import { LRUCache } from "lru-cache";
import type { Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import { AuthError } from "../errors.ts";
import { ACCESS_TOKEN_ALG, type KeySet } from "../keys/key-set.ts";
import { accessTokenClaimsSchema, type AccessTokenClaims } from "./claims.ts";
import { isCanonicalCompactJws } from "./is-canonical-compact-jws.ts";

/** Longer than any token we issue; anything bigger is rejected before parsing. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenVerifierOptions {
  keySet: KeySet;
  lifetimes: Pick<TokenLifetimes, "issuer" | "audience" | "clockTolerance">;
  clock: Clock;
  /**
   * How many verified tokens to remember; 0 disables the cache.
   * @default 10000
   */
  cacheSize?: number;
}

export type AccessTokenVerifier = (token: string) => Promise<AccessTokenClaims>;

function toAuthError(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) return new AuthError("TOKEN_EXPIRED", "Access token expired");
  return new AuthError("TOKEN_INVALID", "Access token invalid");
}

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const { keySet, lifetimes, clock } = options;
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? new LRUCache<string, AccessTokenClaims>({ max: cacheSize }) : undefined;
  const tolerance = lifetimes.clockTolerance;

  const getKey = (header: JWTHeaderParameters) => {
    const key = header.kid ? keySet.verification.get(header.kid) : undefined;
    if (!key) throw new AuthError("TOKEN_INVALID", "Unknown signing key");
    return key;
  };

  function checkTimes(claims: AccessTokenClaims): AccessTokenClaims {
    const now = clock() / 1000;
    if (claims.exp <= now - tolerance) throw new AuthError("TOKEN_EXPIRED", "Access token expired");
    if (claims.nbf > now + tolerance) throw new AuthError("TOKEN_INVALID", "Access token not yet valid");
    // We never issue a token dated in the future; one that is was not minted by this clock.
    if (claims.iat > now + tolerance) throw new AuthError("TOKEN_INVALID", "Access token issued in the future");
    return claims;
  }

  return async function verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    // Checked before the cache is consulted or keyed, so one token has exactly one cache entry.
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || !isCanonicalCompactJws(token)) {
      throw new AuthError("TOKEN_INVALID", "Access token invalid");
    }
    const cached = cache?.get(token);
    if (cached) return checkTimes(cached);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: lifetimes.issuer,
        audience: lifetimes.audience,
        typ: "at+jwt",
        clockTolerance: tolerance,
        currentDate: new Date(clock()),
        requiredClaims: ["exp", "iat", "nbf", "sub", "jti"],
      }));
    } catch (error) {
      throw error instanceof AuthError ? error : toAuthError(error);
    }
    const parsed = accessTokenClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new AuthError("TOKEN_INVALID", "Access token claims invalid");
    cache?.set(token, parsed.data);
    return checkTimes(parsed.data);
  };
}
