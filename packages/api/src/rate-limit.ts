// Login and refresh limits, applied before any credential or token work. A refused request is audited;
// a session that trips its own refresh limit is an alert (a refresh storm means a broken or hostile client).
import { TRPCError } from "@trpc/server";
import type { RateLimitResult } from "@rotor/store";
import type { ApiContext } from "./context.ts";

/** The cause of a TOO_MANY_REQUESTS error; the error formatter exposes `retryAfterMs` to clients. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  readonly code = "RATE_LIMITED";
  constructor(
    readonly retryAfterMs: number,
    readonly limiter: string,
  ) {
    super("Too many requests");
  }
}

async function refuse(ctx: ApiContext, result: Extract<RateLimitResult, { ok: false }>, audit: { sessionId?: string | null; details: Record<string, string> }) {
  await ctx.services.tokens.recordAudit({
    type: "rate-limited",
    outcome: result.limiter === "refresh-session" ? "alert" : "failure",
    meta: ctx.meta,
    sessionId: audit.sessionId ?? null,
    details: { limiter: result.limiter, retryAfterMs: String(result.retryAfterMs), ...audit.details },
  });
  throw new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: "Too many requests, try again later",
    cause: new RateLimitedError(result.retryAfterMs, result.limiter),
  });
}

export async function enforceLoginLimit(ctx: ApiContext, account: { tenant: string; email: string }): Promise<() => Promise<void>> {
  const limits = ctx.services.rateLimits;
  if (!limits) return async () => undefined;
  const key = { tenantId: account.tenant, email: account.email };
  const result = await limits.consumeLogin({ ip: ctx.meta.ip ?? "unknown", account: key });
  if (!result.ok) await refuse(ctx, result, { details: { tenant: account.tenant, email: account.email.toLowerCase() } });
  return () => limits.resetLogin(key);
}

export async function enforceRefreshLimit(ctx: ApiContext, refreshToken: string): Promise<void> {
  const limits = ctx.services.rateLimits;
  if (!limits) return;
  const sessionId = await ctx.services.tokens.sessionIdForRefreshToken(refreshToken);
  // Unknown tokens share one bucket: they can only ever fail, and the per-IP limit still applies.
  const result = await limits.consumeRefresh({ ip: ctx.meta.ip ?? "unknown", sessionId: sessionId ?? "unknown-token" });
  if (!result.ok) await refuse(ctx, result, { sessionId, details: {} });
}
