// Resuming a subscription from its last tracked event, as tRPC's own retryLink does
// (its helper is internal to @trpc/client).
export function inputWithLastEventId(input: unknown, lastEventId: string | undefined): unknown {
  if (!lastEventId) return input;
  if (input != null && typeof input !== "object") return input;
  return { ...(input ?? {}), lastEventId };
}
