// The production server on a database of its own with the demo data, without a browser: for tests that
// speak HTTP only (edge limits, trusted proxies, fuzzing). Always call stop().
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { seedDemoData } from "@rotor/db";
import { createTestDatabase, type TestDatabase } from "@rotor/db/testing";
import { productionAuthEnv, startWebServer, type WebServer } from "@rotor/harness";

/** Access tokens live this long in e2e runs, so a test can watch several expiries. */
export const ACCESS_TOKEN_TTL_S = 5;

export interface E2eServer {
  url: string;
  server: WebServer;
  db: TestDatabase;
  /** The session cookie's encryption secret (tests decrypt the cookie to look inside). */
  sessionSecret: string;
  /** The key material the server runs with (tests sign tokens with the server's own key). */
  authEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** `env` goes on top of the e2e defaults (short token lifetimes, rate limits off). */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const db = await createTestDatabase(inject("rotorPgUrl"));
  await seedDemoData(db.prisma);
  const sessionSecret = randomBytes(32).toString("base64url");
  const authEnv = { ...(await productionAuthEnv()), AUTH_SECRET: sessionSecret };
  let server: WebServer;
  try {
    server = await startWebServer({
      env: {
        DATABASE_URL: db.connectionString,
        ...authEnv,
        AUTH_TRUST_HOST: "true",
        AUTH_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_S),
        AUTH_REFRESH_REUSE_INTERVAL: "10",
        // No leeway: TOKEN_EXPIRED arrives the moment a token expires, so the tests see real rotations.
        AUTH_CLOCK_TOLERANCE: "0",
        RATE_LIMIT_DISABLED: "true",
        ...env,
      },
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    url: server.url,
    server,
    db,
    sessionSecret,
    authEnv,
    async stop() {
      // ROTOR_E2E_SERVER_LOG=1 prints what the server said, for debugging a failing run.
      if (process.env.ROTOR_E2E_SERVER_LOG === "1") console.log(server.output());
      await server.stop();
      await db.drop();
    },
  };
}
