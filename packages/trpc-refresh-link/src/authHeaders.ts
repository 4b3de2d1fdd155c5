// Turns what refreshLink put on `op.context` into request headers for the terminating link.
import type { Operation } from "@trpc/client";
import { AUTH_CONTEXT_KEY, AUTH_GENERATION_CONTEXT_KEY } from "./refreshLink.ts";

/**
 * `headers` for `httpBatchLink` / `httpLink` (pass it directly), or for
 * `httpSubscriptionLink`'s `eventSourceOptions` with an EventSource that supports headers.
 * A batch can mix ops attached before and after a refresh; the newest token wins, since any op
 * still holding an older one would only be refused.
 */
export function authHeaders(
  opts: { op: Operation } | { opList: readonly Operation[] },
): Record<string, string> {
  const ops = "opList" in opts ? opts.opList : [opts.op];
  let best: string | undefined;
  let bestGeneration = -Infinity;
  for (const op of ops) {
    const value = op.context[AUTH_CONTEXT_KEY];
    if (typeof value !== "string" || value === "") continue;
    const raw = op.context[AUTH_GENERATION_CONTEXT_KEY];
    const generation = typeof raw === "number" ? raw : 0;
    if (generation >= bestGeneration) {
      best = value;
      bestGeneration = generation;
    }
  }
  return best ? { Authorization: best } : {};
}
