// Runs once when a Next.js server starts, before it serves requests: builds the services so that a
// configuration that can never work (production without AUTH_JWKS, an invalid env value) stops the
// server at start instead of failing every request. A database that is merely down is not fatal: the
// health endpoint reports it and the next request tries again.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { AuthConfigError } = await import("@rotor/auth");
  const { StoreConfigError } = await import("@rotor/store");
  const { ZodError } = await import("zod");
  const { getServices } = await import("./server/services");
  try {
    await getServices();
  } catch (error) {
    if (error instanceof AuthConfigError || error instanceof StoreConfigError || error instanceof ZodError) {
      console.error(`[rotor] refusing to start: ${error.message}`);
      process.exit(1);
    }
    console.error("[rotor] services not ready yet; requests will retry", error);
  }
}
