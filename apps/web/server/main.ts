// `pnpm start` / `pnpm dev`: Next.js behind Rotor's web host (see create-web-host.ts), which serves /api/trpc
// itself (serve-trpc.ts: the API's edge over the IncomingMessage, then tRPC). Listens on PORT (default 3000)
// and ROTOR_HOST (default: every interface). In production, ROTOR_WORKERS > 1 (or `auto`) serves from that
// many processes behind the same port (run-primary.ts); development is always one process (one compiler,
// one hot reload).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { readHostEnv } from "../src/env";
import { runPrimary } from "./run-primary";
import { runWorker } from "./run-worker";

const env = readHostEnv();
if (env.NODE_ENV !== "production" && env.ROTOR_WORKERS !== 1) console.warn("[rotor] ROTOR_WORKERS applies to `pnpm start`; development runs one process");
const workers = env.NODE_ENV !== "production" ? 1 : env.ROTOR_WORKERS === "auto" ? availableParallelism() : env.ROTOR_WORKERS;
if (cluster.isPrimary && workers > 1) await runPrimary({ workers, port: env.PORT, host: env.ROTOR_HOST });
else await runWorker();
