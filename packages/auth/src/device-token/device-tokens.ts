// Device tokens (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a client that signed in
// to an account receives a token that says "this device has signed in to this account before". Login
// limits then treat it as trusted: it is limited per device only, so an attacker's failures, which lock the
// account for untrusted clients, cannot lock its owner out. The token is a JWT signed with the access-token
// key (jose, pinned algorithm and `typ`, so neither kind of token passes for the other), bound to the
// account by a digest of tenant and email (no personal data inside), and its `jti` is the device id.
import { createHash, randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, type JWTHeaderParameters } from "jose";
import { z } from "zod";
import { isCanonicalCompactJws } from "../access-token/is-canonical-compact-jws.ts";
import type { Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import { ACCESS_TOKEN_ALG, type KeySet } from "../keys/key-set.ts";

const DEVICE_TOKEN_TYP = "device+jwt";
const MAX_DEVICE_TOKEN_LENGTH = 2048;

/** The account a login names: tenant slug and email, compared without case and surrounding spaces. */
export interface DeviceAccount {
  tenant: string;
  email: string;
}

export interface IssuedDeviceToken {
  token: string;
  deviceId: string;
  expiresAt: Date;
}

export interface DeviceTokens {
  /** A token for this device and account; keeps `deviceId` when the device had one, else a new id. */
  issue(account: DeviceAccount, deviceId?: string): Promise<IssuedDeviceToken>;
  /** The device id if `token` is a valid device token of this account, else null (never throws). */
  verify(token: string, account: DeviceAccount): Promise<string | null>;
}

export interface DeviceTokensOptions {
  keySet: KeySet;
  lifetimes: Pick<TokenLifetimes, "issuer" | "clockTolerance">;
  clock: Clock;
  /** @default 15552000 (180 days) */
  ttlSec?: number;
}

const claimsSchema = z.object({ sub: z.string(), jti: z.uuid() });

function accountDigest(account: DeviceAccount): string {
  return createHash("sha256")
    .update(`${account.tenant.trim().toLowerCase()}\u0000${account.email.trim().toLowerCase()}`)
    .digest("base64url");
}

export function createDeviceTokens(options: DeviceTokensOptions): DeviceTokens {
  const { keySet, lifetimes, clock } = options;
  const ttlSec = options.ttlSec ?? 180 * 24 * 3600;
  const audience = `${lifetimes.issuer}:device`;
  const getKey = (header: JWTHeaderParameters) => {
    const key = header.kid ? keySet.verification.get(header.kid) : undefined;
    if (!key) throw new Error("unknown key");
    return key;
  };

  return {
    async issue(account, deviceId = randomUUID()) {
      const iat = Math.floor(clock() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: keySet.signing.kid, typ: DEVICE_TOKEN_TYP })
        .setIssuer(lifetimes.issuer)
        .setAudience(audience)
        .setSubject(accountDigest(account))
        .setJti(deviceId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSec)
        .sign(keySet.signing.key);
      return { token, deviceId, expiresAt: new Date((iat + ttlSec) * 1000) };
    },

    async verify(token, account) {
      if (token.length > MAX_DEVICE_TOKEN_LENGTH || !isCanonicalCompactJws(token)) return null;
      try {
        const { payload } = await jwtVerify(token, getKey, {
          algorithms: [ACCESS_TOKEN_ALG],
          issuer: lifetimes.issuer,
          audience,
          typ: DEVICE_TOKEN_TYP,
          subject: accountDigest(account),
          clockTolerance: lifetimes.clockTolerance,
          currentDate: new Date(clock()),
          requiredClaims: ["exp", "iat", "jti", "sub"],
        });
        const claims = claimsSchema.safeParse(payload);
        return claims.success ? claims.data.jti : null;
      } catch {
        // Forged, expired, another account's or not a device token at all: the client is simply untrusted.
        return null;
      }
    },
  };
}
