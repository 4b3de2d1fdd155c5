// Runs once when a Next.js server starts, before it serves requests: builds the services so that a
// configuration that can never work (production without AUTH_JWKS, an invalid env value) stops the
// server at start instead of failing every request. A database that is merely down is not fatal: the
// health endpoint reports it and the next request tries again.
//
// The check builds its own services and closes them instead of warming the cache in ./server/services:
// Next compiles instrumentation into a separate module graph, so services cached from here would carry
// that graph's copies of AuthError & co., and the API's `instanceof` checks in route handlers would turn
// every auth error (wrong password, TOKEN_EXPIRED) into a 500.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Dynamic imports only: Next also compiles this file for the edge runtime, where Node modules fail.
  const { AuthConfigError } = await import("@rotor/auth");
  const { StoreConfigError } = await import("@rotor/store");
  const { ZodError } = await import("zod");
  const { createServices } = await import("@rotor/api");
  const { servicesOptions } = await import("./server/services");
  const { getSessionSettings } = await import("./server/session/session-env");
  try {
    await getSessionSettings();
    const services = await createServices({ ...servicesOptions(), poolSize: 1 });
    await services.close();
  } catch (error) {
    if (error instanceof AuthConfigError || error instanceof StoreConfigError || error instanceof ZodError) {
      console.error(`[rotor] refusing to start: ${error.message}`);
      process.exit(1);
    }
    console.error("[rotor] services not ready yet; requests will retry", error);
  }
}
