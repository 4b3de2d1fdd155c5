// Thrown instead of writing well-known demo passwords into a production database.
export class SeedRefusedError extends Error {
  readonly code = "SEED_REFUSED_IN_PRODUCTION" as const;
  override name = "SeedRefusedError";
}
