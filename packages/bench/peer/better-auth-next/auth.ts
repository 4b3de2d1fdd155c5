// Better Auth as users run it in production: email/password sessions in PostgreSQL (the same server as
// Rotor's, its own database) and the `jwt` plugin, whose token endpoint issues a JWT from the session
// (its closest counterpart to a Rotor refresh). Session cookie cache off (Better Auth's default), so
// getSession reads the session row like Rotor's auth.me. Env: DATABASE_URL, BETTER_AUTH_SECRET, BETTER_AUTH_URL.
import { betterAuth } from "better-auth";
import { jwt } from "better-auth/plugins";
import pg from "pg";

export const auth = betterAuth({
  // Pooled connections kept open, as Rotor's pool keeps them: neither side pays reconnects in the open loop.
  database: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), idleTimeoutMillis: 0 }),
  emailAndPassword: { enabled: true },
  // ES256 like Rotor's access tokens (Better Auth's default is EdDSA); getSession without the extra JWT
  // header, so it is a session read like auth.me and the token endpoint is the one place a JWT is signed.
  plugins: [jwt({ jwks: { keyPairConfig: { alg: "ES256" } }, disableSettingJwtHeader: true })],
  telemetry: { enabled: false },
  // The bench signs up and signs in from one address many times; its rate limiter would refuse that,
  // and Rotor runs with its limits off too.
  rateLimit: { enabled: false },
});
