// Issues access tokens: ES256, `typ: at+jwt` (RFC 9068), never outliving the session they belong to.
// Signed with Node's synchronous crypto through fast-jwt (one ECDSA signature, ~40 us) instead of jose's
// WebCrypto path (~80 us plus a thread hop per token, measured on the rotation hot path); jose still
// verifies every token (verify-access-token.ts), so anything fast-jwt emitted that jose would not accept
// fails the verifier's tests.
import { randomUUID } from "node:crypto";
import { createSigner } from "fast-jwt";
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

type Sign = (payload: Record<string, unknown>) => string;

/** One signer per signing key (parsing the PEM is the expensive part). */
const signers = new WeakMap<KeySet["signing"], Sign>();

function signerFor(signing: KeySet["signing"]): Sign {
  let sign = signers.get(signing);
  if (!sign) {
    sign = createSigner({ key: signing.pem, algorithm: ACCESS_TOKEN_ALG, kid: signing.kid, header: { alg: ACCESS_TOKEN_ALG, typ: "at+jwt" } });
    signers.set(signing, sign);
  }
  return sign;
}

export function signAccessToken(
  deps: SignAccessTokenDeps,
  subject: AccessTokenSubject,
  /** The session's absolute expiry: the token's `exp` never passes it. */
  notAfter: Date,
): Promise<SignedAccessToken> {
  return Promise.resolve(signAccessTokenSync(deps, subject, notAfter));
}

/** The same, returned at once: the refresh hot path signs without a promise of its own. */
export function signAccessTokenSync(deps: SignAccessTokenDeps, subject: AccessTokenSubject, notAfter: Date): SignedAccessToken {
  const iat = Math.floor(deps.clock() / 1000);
  const exp = Math.min(iat + deps.lifetimes.accessTokenTtl, Math.floor(notAfter.getTime() / 1000));
  const token = signerFor(deps.keySet.signing)({
    sid: subject.sessionId,
    tid: subject.tenantId,
    role: subject.role,
    iss: deps.lifetimes.issuer,
    aud: deps.lifetimes.audience,
    sub: subject.userId,
    iat,
    nbf: iat,
    exp,
    jti: randomUUID(),
  });
  return { token, expiresAt: new Date(exp * 1000) };
}
