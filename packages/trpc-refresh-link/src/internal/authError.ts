// Reads the server's contract out of whatever a link or callback threw: the auth code of an
// `UNAUTHORIZED`, and whether it was a rate limit (429) or a transient outage (503).
import { AUTH_CODES, type AuthCode } from "../types.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** `error.data.authCode` of a tRPC error, when it is one of the server's codes. */
export function authCodeOf(error: unknown): AuthCode | undefined {
  if (!isRecord(error) || !isRecord(error.data)) return undefined;
  const code = error.data.authCode;
  return typeof code === "string" && (AUTH_CODES as readonly string[]).includes(code)
    ? (code as AuthCode)
    : undefined;
}

/** `error.meta`, where the http links put `{ response }`. */
export function metaOf(error: unknown): unknown {
  return isRecord(error) ? error.meta : undefined;
}

/** A refresh refused for load rather than for the session: 429 or 503. */
export interface Throttled {
  reason: "RATE_LIMITED" | "SERVICE_UNAVAILABLE";
  retryAfterMs: number | undefined;
}

/**
 * 429 / `TOO_MANY_REQUESTS` or 503 / `SERVICE_UNAVAILABLE`, from `error.data` (tRPC's error shape)
 * and, for the wait, `data.retryAfterMs` or the `Retry-After` header (seconds or an HTTP date).
 */
export function throttledOf(error: unknown, now: number): Throttled | undefined {
  if (!isRecord(error) || !isRecord(error.data)) return undefined;
  const { code, httpStatus, errorCode, retryAfterMs } = error.data;
  let reason: Throttled["reason"] | undefined;
  if (code === "TOO_MANY_REQUESTS" || httpStatus === 429) reason = "RATE_LIMITED";
  else if (code === "SERVICE_UNAVAILABLE" || errorCode === "SERVICE_UNAVAILABLE" || httpStatus === 503) {
    reason = "SERVICE_UNAVAILABLE";
  }
  if (!reason) return undefined;
  const fromData = typeof retryAfterMs === "number" && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : undefined;
  return { reason, retryAfterMs: fromData ?? retryAfterHeader(metaOf(error), now) };
}

function retryAfterHeader(meta: unknown, now: number): number | undefined {
  if (!isRecord(meta) || !isRecord(meta.response)) return undefined;
  const headers = meta.response.headers;
  if (!isRecord(headers) || typeof headers.get !== "function") return undefined;
  const value: unknown = (headers.get as (name: string) => unknown).call(headers, "retry-after");
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
