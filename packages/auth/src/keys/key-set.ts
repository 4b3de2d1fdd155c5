// A key set: one active signing key plus older public keys kept for verification, so keys rotate with overlap.
import { createPrivateKey, type JsonWebKey as NodeJsonWebKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { AuthConfigError } from "../errors.ts";

export const ACCESS_TOKEN_ALG = "ES256";

export interface KeySet {
  signing: {
    kid: string;
    key: CryptoKey;
    /** The same private key as PKCS#8 PEM, for Node's synchronous signing (see sign-access-token.ts). */
    pem: string;
  };
  /** Public keys by kid, the signing key's included. */
  verification: ReadonlyMap<string, CryptoKey>;
  /** What `/.well-known/jwks.json` serves: public parts only. */
  publicJwks: { keys: JWK[] };
}

export interface PrivateJwks {
  keys: JWK[];
}

/** A fresh ES256 private JWK with its thumbprint as `kid`. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
}

function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y, kid } = jwk;
  return { kty, crv, x, y, kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
}

/**
 * Imports a JWK Set. The key named by `signingKid` (default: the first key holding a private part) signs;
 * every key verifies. Older keys may be given as public JWKs only.
 */
export async function importKeySet(jwks: PrivateJwks, signingKid?: string): Promise<KeySet> {
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw new AuthConfigError("AUTH_KEYS_INVALID", "The key set has no keys");
  }
  const verification = new Map<string, CryptoKey>();
  const publicKeys: JWK[] = [];
  let signing: KeySet["signing"] | undefined;
  for (const jwk of jwks.keys) {
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.kid) {
      throw new AuthConfigError("AUTH_KEYS_INVALID", "Every key must be an EC P-256 JWK with a kid");
    }
    const pub = publicPart(jwk);
    verification.set(jwk.kid, (await importJWK(pub, ACCESS_TOKEN_ALG)) as CryptoKey);
    publicKeys.push(pub);
    const wanted = signingKid ? jwk.kid === signingKid : signing === undefined;
    if (wanted && jwk.d) {
      const key = (await importJWK(jwk, ACCESS_TOKEN_ALG)) as CryptoKey;
      const pem = createPrivateKey({ key: jwk as NodeJsonWebKey, format: "jwk" }).export({ format: "pem", type: "pkcs8" }).toString();
      signing = { kid: jwk.kid, key, pem };
    }
  }
  if (!signing) {
    throw new AuthConfigError(
      "AUTH_KEYS_INVALID",
      signingKid ? `No private key with kid ${signingKid}` : "No private key to sign with",
    );
  }
  return { signing, verification, publicJwks: { keys: publicKeys } };
}
