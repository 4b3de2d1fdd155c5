// Start-up work of the Node.js server (see ./instrumentation.ts): refuse a configuration that can never
// work (production without keys, an invalid env value), listing every problem in one message, instead of
// failing every request. A database that is merely down is not fatal: the health endpoint reports it and
// the next request tries again.
//
// The check builds its own services and closes them instead of warming the cache in ./server/services:
// Next compiles instrumentation into a separate module graph, so services cached from here would carry
// that graph's copies of AuthError & co. Under the web host (server/main.ts) the services are built
// before Next starts; when that worked there is nothing left to check and nothing is built twice.
import { AuthConfigError } from "@rotor/auth";
import { StoreConfigError } from "@rotor/store";
import { ZodError } from "zod";
import { applyDevelopmentDefaults, rawEnv } from "./env";
import { listStartupProblems, refuseToStart } from "./server/list-startup-problems";

export async function registerNode(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  applyDevelopmentDefaults();
  const problems = listStartupProblems(rawEnv());
  if (problems.length > 0) refuseToStart(problems);

  const { hasServices, servicesOptions } = await import("./server/services");
  if (hasServices()) return;
  const { createServices } = await import("@rotor/api");
  const { getSessionSettings } = await import("./server/session/session-env");
  try {
    await getSessionSettings();
    const services = await createServices({ ...servicesOptions(), poolSize: 1 });
    await services.close();
  } catch (error) {
    // Problems only key material itself can show (a JWKS that does not import, a key of the wrong size).
    if (error instanceof AuthConfigError || error instanceof StoreConfigError || error instanceof ZodError) {
      refuseToStart([error.message]);
    }
    console.error("[rotor] services not ready yet; requests will retry", error);
  }
}
