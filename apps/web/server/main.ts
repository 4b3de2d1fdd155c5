// `pnpm start` / `pnpm dev`: Next.js behind Rotor's web host (see create-web-host.ts), which serves /api/trpc
// itself (serve-trpc.ts: the API's edge over the IncomingMessage, then tRPC's fetch adapter). Listens on PORT
// (default 3000) and ROTOR_HOST (default: every interface).
import { join } from "node:path";
import next from "next";
import { applyDevelopmentDefaults, readHostEnv } from "../src/env";
import { getServices } from "../src/server/services";
import { createWebHost } from "./create-web-host";
import { isTrpcPath } from "../src/server/trpc/is-trpc-path";
import { createTrpcServer } from "./serve-trpc";

const env = readHostEnv();
const dev = env.NODE_ENV !== "production";
// One services instance per process, cached on globalThis, shared by /api/trpc (this module graph) and
// Next's own routes and pages (its bundle). Built here, before Next starts, so it is this graph's (the
// source as it is now, not whatever a stale build bundled), no request waits for it, and Next's start-up
// check (instrumentation-node.ts) finds it instead of building a second set. A failed build is not cached:
// that check then runs and refuses a configuration that can never work; a database that is merely down
// is not fatal, the first request tries again.
applyDevelopmentDefaults();
await getServices().catch((error: unknown) => console.error("[rotor] services not ready yet; requests will retry", error));
const app = next({ dev, dir: join(import.meta.dirname, ".."), port: env.PORT, ...(env.ROTOR_HOST ? { hostname: env.ROTOR_HOST } : {}) });
await app.prepare();
const handle = app.getRequestHandler();
const serveTrpc = createTrpcServer(!dev);
const server = createWebHost((req, res) => (isTrpcPath(req.url ?? "/") ? serveTrpc(req, res) : handle(req, res)));
server.listen(env.PORT, env.ROTOR_HOST, () => {
  console.log(`[rotor] ${dev ? "development" : "production"} server on http://${env.ROTOR_HOST ?? "localhost"}:${env.PORT}`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void app.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
