// Another team's resource server, as plain Node ESM: it knows Rotor only through the packed @rotor/verify that
// npm installed beside it. Config from env: ROTOR_ORIGIN, SOURCE (redis | feed | none), REDIS_URL,
// CREDENTIAL, PORT. Prints {"origin"} once the verifier is ready; GET / answers the subject (or 401/503),
// GET /status the verifier's status. Stops on SIGTERM.
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { createVerifier } from "@rotor/verify";
import { requireAuth } from "@rotor/verify/node";

const env = process.env;
const redis = env.SOURCE === "redis" ? new Redis(env.REDIS_URL, { enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 1 }) : null;
const revocation =
  env.SOURCE === "redis"
    ? { source: "redis", redis }
    : env.SOURCE === "feed"
      ? { source: "feed", url: `${env.ROTOR_ORIGIN}/api/revocations/stream`, credential: env.CREDENTIAL, reconnectDelayMs: 100 }
      : { source: "none" };
const verifier = createVerifier({
  issuer: "rotor",
  audience: "rotor-api",
  jwksUrl: `${env.ROTOR_ORIGIN}/.well-known/jwks.json`,
  revocation,
  failSafe: { failClosedAfterMs: 60_000 },
  onWarning: (warning) => process.stderr.write(`[resource-server] ${warning.code}\n`),
});
await verifier.ready();
const auth = requireAuth(verifier);
const server = createServer((req, res) => {
  if (req.url === "/status") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(verifier.status()));
    return;
  }
  auth(req, res, () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.auth));
  });
});
server.listen(Number(env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
  void verifier.close().finally(() => {
    redis?.disconnect();
    process.exit(0);
  });
});
