// Token pairs as servers send them, turned into the link's TokenPair: a plain JSON transport turns
// the expiries into strings, other APIs send epoch milliseconds, and `tokenType` is a plain string.
import { timeOf } from "./internal/timeOf.ts";
import type { TokenPair } from "./types.ts";

/** What `refresh` may return and `toTokenPair` accepts. */
export interface TokenPairInput {
  accessToken: string;
  refreshToken: string;
  tokenType?: string;
  /** `Date`, ISO 8601 string or epoch milliseconds (server time). */
  accessTokenExpiresAt: Date | string | number;
  /** `Date`, ISO 8601 string or epoch milliseconds (server time). */
  refreshTokenExpiresAt: Date | string | number;
}

/**
 * Normalises a pair (e.g. the result of `auth.login` over a JSON transport) before `store.set`.
 * Throws a `TypeError` naming the field when it is not a pair.
 */
export function toTokenPair(input: TokenPairInput): TokenPair {
  const value = input as unknown as Record<string, unknown> | null;
  if (typeof value !== "object" || value === null) throw new TypeError("toTokenPair: not a token pair");
  // Strings, possibly empty: an app whose cookie carries the session hands the link stand-in pairs
  // with no refresh token at all (apps/web does).
  for (const field of ["accessToken", "refreshToken"] as const) {
    if (typeof value[field] !== "string") throw new TypeError(`toTokenPair: \`${field}\` must be a string`);
  }
  const at = timeOf(value.accessTokenExpiresAt);
  const rt = timeOf(value.refreshTokenExpiresAt);
  if (Number.isNaN(at)) throw new TypeError("toTokenPair: `accessTokenExpiresAt` must be a Date, ISO string or epoch ms");
  if (Number.isNaN(rt)) throw new TypeError("toTokenPair: `refreshTokenExpiresAt` must be a Date, ISO string or epoch ms");
  return {
    accessToken: input.accessToken,
    refreshToken: input.refreshToken,
    tokenType: "Bearer",
    accessTokenExpiresAt: new Date(at),
    refreshTokenExpiresAt: new Date(rt),
  };
}
