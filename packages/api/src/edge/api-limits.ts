// Request bounds for /api/trpc, configurable through env (validated here, the package's only env reader).
import { z } from "zod";

const optionalCount = (fallback: number) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().positive().default(fallback));

const apiLimitsSchema = z.object({
  /** Largest request body, bytes. Login bodies are ~200 bytes; a full batch of refreshes ~30 KB. */
  API_MAX_BODY_BYTES: optionalCount(64 * 1024),
  /** Most calls in one batched request. */
  API_MAX_BATCH_SIZE: optionalCount(20),
  /** Deepest nesting of arrays/objects in a request's JSON (a batch of superjson inputs needs ~5). */
  API_MAX_INPUT_DEPTH: optionalCount(16),
});

export interface ApiLimits {
  maxBodyBytes: number;
  maxBatchSize: number;
  maxInputDepth: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = parseApiLimits({});

export function parseApiLimits(env: Record<string, string | undefined>): ApiLimits {
  const result = apiLimitsSchema.safeParse(env);
  if (!result.success) throw new Error(`invalid environment:\n${z.prettifyError(result.error)}`, { cause: result.error });
  const parsed = result.data;
  return { maxBodyBytes: parsed.API_MAX_BODY_BYTES, maxBatchSize: parsed.API_MAX_BATCH_SIZE, maxInputDepth: parsed.API_MAX_INPUT_DEPTH };
}
