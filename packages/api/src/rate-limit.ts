// Login and refresh limits. Logins are counted before the password is checked, against the limits that
// apply to the client: a trusted device (one that presents a device token of the account) only against its
// own per-device limit, everyone else per IP, per account and IP, and per account with lockout backoff.
// Refreshes are counted per IP before the rotation; what the rotation did decides the rest: a rotation
// that minted a successor is charged to its session, a replay inside the reuse interval is free, and a
// refused refresh is charged to the IP's failure budget. Every refusal is audited, where the tenant sees it.
import { TRPCError } from "@trpc/server";
import { hashRefreshToken, isAuthError, isWellFormedRefreshToken, type AuditScope, type RefreshResult } from "@rotor/auth";
import type { RateLimitResult, RateLimits } from "@rotor/store";
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

async function refuse(
  ctx: ApiContext,
  result: Extract<RateLimitResult, { ok: false }>,
  audit: { scope: AuditScope | null; details: Record<string, string> },
): Promise<never> {
  ctx.services.tokens.deps.metrics.rateLimited(result.limiter);
  await ctx.services.tokens.recordAudit({
    type: "rate-limited",
    outcome: result.limiter === "refresh-session" || result.limiter === "login-device" ? "alert" : "failure",
    meta: ctx.meta,
    ...(audit.scope ?? {}),
    details: { limiter: result.limiter, retryAfterMs: String(result.retryAfterMs), ...audit.details },
  });
  throw new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: "Too many requests, try again later",
    cause: new RateLimitedError(result.retryAfterMs, result.limiter),
  });
}

export interface LoginLimit {
  /** Clears the counters of whoever just signed in; call after a successful login. */
  succeeded(): Promise<void>;
}

export async function enforceLoginLimit(
  ctx: ApiContext,
  account: { tenant: string; email: string },
  deviceId: string | null,
): Promise<LoginLimit> {
  const limits = ctx.services.rateLimits;
  const trusted = deviceId !== null;
  if (!limits) return { succeeded: async () => undefined };
  const attempt = { ip: ctx.meta.ip ?? "unknown", account: { tenantId: account.tenant, email: account.email }, deviceId };
  const result = await limits.consumeLogin(attempt);
  if (!result.ok) {
    const scope = await ctx.services.tokens.accountOf(account.tenant, account.email);
    ctx.services.alerts?.loginFailed({ ...account, meta: ctx.meta, scope });
    await refuse(ctx, result, {
      scope,
      details: { tenant: account.tenant, email: account.email.trim().toLowerCase(), device: trusted ? "trusted" : "untrusted" },
    });
  }
  return { succeeded: () => limits.resetLogin(attempt) };
}

/**
 * A refresh under the refresh limits. Without limits it is the service's refresh and one `then` (not an
 * async function, which would cost promises of its own on every refresh).
 */
export function refreshWithinLimits(ctx: ApiContext, refreshToken: string): Promise<RefreshResult> {
  const { tokens, rateLimits: limits, alerts } = ctx.services;
  const refresh = () =>
    tokens.refresh({ refreshToken, meta: ctx.meta }).then(
      (result) => {
        alerts?.refreshed({ sessionId: result.sessionId, meta: ctx.meta });
        return result;
      },
      (error: unknown) => {
        if (isAuthError(error) && error.code === "REFRESH_TOKEN_REUSED") alerts?.reuseDetected({ refreshToken, meta: ctx.meta });
        throw error;
      },
    );
  return limits ? refreshLimited(ctx, limits, refreshToken, refresh) : refresh();
}

async function refreshLimited(ctx: ApiContext, limits: RateLimits, refreshToken: string, refresh: () => Promise<RefreshResult>): Promise<RefreshResult> {
  const { tokens } = ctx.services;
  const ip = ctx.meta.ip ?? "unknown";
  const tokenKey = isWellFormedRefreshToken(refreshToken) ? hashRefreshToken(refreshToken) : null;
  const before = await limits.checkRefresh({ ip, tokenKey });
  if (!before.ok) await refuse(ctx, before, { scope: await tokens.sessionOfRefreshToken(refreshToken), details: {} });
  let result: RefreshResult;
  try {
    result = await refresh();
  } catch (error) {
    if (isAuthError(error)) await limits.recordRefreshFailure({ ip });
    throw error;
  }
  if (result.rotated) {
    await limits.recordRotation({ sessionId: result.sessionId, successorKey: hashRefreshToken(result.refreshToken) });
  }
  return result;
}
