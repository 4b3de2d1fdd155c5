// Env for running the web app in production mode against a given database: fresh key material (token
// signing, refresh encryption, session cookie), so the app's "refuse to start without keys" rule is met
// the way an operator would meet it.
import { randomBytes } from "node:crypto";
import { base64url } from "jose";
import { generateSigningJwk } from "@rotor/auth";

export async function productionAuthEnv(): Promise<Record<string, string>> {
  return {
    AUTH_JWKS: JSON.stringify({ keys: [await generateSigningJwk()] }),
    AUTH_REFRESH_ENCRYPTION_KEY: base64url.encode(randomBytes(32)),
    AUTH_SECRET: base64url.encode(randomBytes(32)),
  };
}
