// Verifies Rotor access tokens in another service: jose against Rotor's JWKS (cached; an unknown `kid` makes
// jose fetch it again, so a key rotation is picked up without a restart), the same pinned algorithm, `typ`,
// issuer, audience, clock tolerance and claim checks as Rotor, then the session's revocation status from the
// configured source, with the fail-safe rule deciding while that source cannot answer.
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { VerifyError } from "./errors.ts";
import { parseClaims, type AccessTokenClaims } from "./internal/claims.ts";
import { isCanonicalCompactJws } from "./internal/isCanonicalCompactJws.ts";
import { feedRevocation } from "./sources/feedRevocation.ts";
import { noRevocation } from "./sources/noRevocation.ts";
import { redisRevocation } from "./sources/redisRevocation.ts";
import type { RevocationSource, SourceContext } from "./sources/revocationSource.ts";
import type { Subject, Verifier, VerifierOptions, VerifierWarning } from "./types.ts";

/** Rotor signs with ES256 only; pinning it refuses `alg: none`, HMAC-with-the-public-key and the rest. */
const ALGORITHMS = ["ES256"];
/** Longer than any token Rotor issues; anything bigger is refused before parsing. */
const MAX_TOKEN_LENGTH = 4096;

class VerifierConfigError extends TypeError {
  override readonly name = "VerifierConfigError";
}

function validate(options: VerifierOptions): void {
  const fail = (option: string, need: string) => {
    throw new VerifierConfigError(`createVerifier: option "${option}" ${need}`);
  };
  if (typeof options.issuer !== "string" || options.issuer === "") fail("issuer", "must be a non-empty string");
  if (typeof options.audience !== "string" || options.audience === "") fail("audience", "must be a non-empty string");
  if (!URL.canParse(String(options.jwksUrl))) fail("jwksUrl", "must be an absolute URL");
  const revocation = options.revocation as VerifierOptions["revocation"] | undefined;
  if (!revocation || !["redis", "feed", "none"].includes(revocation.source)) {
    fail("revocation.source", 'must be "redis", "feed" or "none"');
  }
  if (revocation?.source === "feed") {
    if (!URL.canParse(revocation.url)) fail("revocation.url", "must be an absolute URL");
    if (typeof revocation.credential !== "string" || revocation.credential === "") fail("revocation.credential", "must be a non-empty string");
  }
  if (revocation?.source === "redis" && typeof revocation.redis?.get !== "function") fail("revocation.redis", "must be an ioredis client");
  const failSafe = options.failSafe;
  if (failSafe !== undefined && failSafe !== "accept-with-warning") {
    if (!(Number.isFinite(failSafe.failClosedAfterMs) && failSafe.failClosedAfterMs >= 0)) {
      fail("failSafe.failClosedAfterMs", "must be a non-negative number");
    }
  }
  for (const name of ["clockToleranceSec", "cacheSize", "jwksCooldownMs", "jwksCacheMaxAgeMs"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) fail(name, "must be a non-negative integer");
  }
}

export function createVerifier(options: VerifierOptions): Verifier {
  validate(options);
  const clock = options.clock ?? Date.now;
  const tolerance = options.clockToleranceSec ?? 5;
  const cacheSize = options.cacheSize ?? 10_000;
  const failSafe = options.failSafe ?? { failClosedAfterMs: 30_000 };
  const onWarning = options.onWarning ?? ((w: VerifierWarning) => console.warn(`[rotor/verify] ${w.code}: ${w.message}`));
  const jwks = createRemoteJWKSet(new URL(String(options.jwksUrl)), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
  });
  const cache = new Map<string, AccessTokenClaims>();
  /** One ACCEPTED_UNCHECKED warning per outage, not one per request. */
  let warnedUnchecked = false;

  const context: SourceContext = {
    clock,
    warn: (code, message) => {
      if (code === "REVOCATION_SOURCE_UP") warnedUnchecked = false;
      onWarning({ code, message });
    },
  };
  const { revocation } = options;
  const source: RevocationSource =
    revocation.source === "redis"
      ? redisRevocation(revocation, context)
      : revocation.source === "feed"
        ? feedRevocation(revocation, context)
        : noRevocation(clock);

  function checkTimes(claims: AccessTokenClaims): AccessTokenClaims {
    const now = clock() / 1000;
    if (claims.exp <= now - tolerance) throw new VerifyError("TOKEN_EXPIRED");
    if (claims.nbf > now + tolerance) throw new VerifyError("TOKEN_INVALID");
    // Rotor never issues a token dated in the future; one that is was not minted by Rotor's clock.
    if (claims.iat > now + tolerance) throw new VerifyError("TOKEN_INVALID");
    return claims;
  }

  async function verifySignature(token: string): Promise<AccessTokenClaims> {
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw new VerifyError("TOKEN_INVALID");
    // Only canonical spellings are ever cached (checked below, before insertion), so a hit needs no re-check.
    const cached = cache.get(token);
    if (cached) return checkTimes(cached);
    if (!isCanonicalCompactJws(token)) throw new VerifyError("TOKEN_INVALID");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ALGORITHMS,
        issuer: options.issuer,
        audience: options.audience,
        typ: "at+jwt",
        clockTolerance: tolerance,
        currentDate: new Date(clock()),
        requiredClaims: ["exp", "iat", "nbf", "sub", "jti"],
      }));
    } catch (error) {
      throw new VerifyError(error instanceof errors.JWTExpired ? "TOKEN_EXPIRED" : "TOKEN_INVALID");
    }
    const claims = parseClaims(payload);
    if (!claims) throw new VerifyError("TOKEN_INVALID");
    if (cacheSize > 0) {
      cache.set(token, claims);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? "");
    }
    return checkTimes(claims);
  }

  async function assertNotRevoked(sessionId: string): Promise<void> {
    const state = await source.check(sessionId);
    if (state === "revoked") throw new VerifyError("SESSION_REVOKED");
    if (state === "active") return;
    if (failSafe !== "accept-with-warning") {
      const since = source.lastHealthyAt();
      if (since === null || clock() - since > failSafe.failClosedAfterMs) throw new VerifyError("REVOCATION_UNAVAILABLE");
    }
    if (!warnedUnchecked) {
      warnedUnchecked = true;
      onWarning({ code: "ACCEPTED_UNCHECKED", message: "accepting tokens whose revocation status is unknown" });
    }
  }

  return {
    async verify(token) {
      const claims = await verifySignature(token);
      await assertNotRevoked(claims.sid);
      const subject: Subject = {
        userId: claims.sub,
        sessionId: claims.sid,
        tenantId: claims.tid,
        role: claims.role,
        expiresAt: new Date(claims.exp * 1000),
        tokenId: claims.jti,
      };
      return subject;
    },
    ready: () => source.ready(),
    status: () => ({ source: revocation.source, healthy: source.healthy(), lastHealthyAt: source.lastHealthyAt() }),
    close: () => source.close(),
  };
}
