// `pnpm keys:generate`: prints production key material as env lines: a fresh ES256 signing key, the refresh
// encryption key, and the web session cookie secret. To rotate the signing key, put the new key first in
// AUTH_JWKS and keep the old one after it until every access token it signed has expired.
import { randomBytes } from "node:crypto";
import { base64url } from "jose";
import { generateSigningJwk } from "../keys/key-set.ts";

const jwk = await generateSigningJwk();
process.stdout.write(`AUTH_JWKS='${JSON.stringify({ keys: [jwk] })}'\n`);
process.stdout.write(`AUTH_REFRESH_ENCRYPTION_KEY=${base64url.encode(randomBytes(32))}\n`);
process.stdout.write(`AUTH_SECRET=${base64url.encode(randomBytes(32))}\n`);
