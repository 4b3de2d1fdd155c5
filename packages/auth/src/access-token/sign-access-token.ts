// Issues access tokens: ES256, `typ: at+jwt` (RFC 9068), never outliving the session they belong to.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import { ACCESS_TOKEN_ALG, type KeySet } from "../keys/key-set.ts";
import type { AccessTokenSubject } from "./claims.ts";

export interface SignAccessTokenDeps {
  keySet: KeySet;
  lifetimes: Pick<TokenLifetimes, "accessTokenTtl" | "issuer" | "audience">;
  clock: Clock;
}

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

export async function signAccessToken(
  deps: SignAccessTokenDeps,
  subject: AccessTokenSubject,
  /** The session's absolute expiry: the token's `exp` never passes it. */
  notAfter: Date,
): Promise<SignedAccessToken> {
  const iat = Math.floor(deps.clock() / 1000);
  const exp = Math.min(iat + deps.lifetimes.accessTokenTtl, Math.floor(notAfter.getTime() / 1000));
  const token = await new SignJWT({ sid: subject.sessionId, tid: subject.tenantId, role: subject.role })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: deps.keySet.signing.kid, typ: "at+jwt" })
    .setIssuer(deps.lifetimes.issuer)
    .setAudience(deps.lifetimes.audience)
    .setSubject(subject.userId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(deps.keySet.signing.key);
  return { token, expiresAt: new Date(exp * 1000) };
}
