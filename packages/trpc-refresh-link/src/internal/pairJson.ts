// Token pairs as JSON: Dates become ISO strings, and anything malformed reads as "no pair".
import type { TokenPair } from "../types.ts";

export function serializePair(pair: TokenPair): string {
  return JSON.stringify({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    tokenType: pair.tokenType,
    accessTokenExpiresAt: pair.accessTokenExpiresAt.toISOString(),
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt.toISOString(),
  });
}

export function parsePair(text: string): TokenPair | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.accessToken !== "string" || typeof v.refreshToken !== "string") return null;
  if (typeof v.accessTokenExpiresAt !== "string" || typeof v.refreshTokenExpiresAt !== "string") return null;
  const accessTokenExpiresAt = new Date(v.accessTokenExpiresAt);
  const refreshTokenExpiresAt = new Date(v.refreshTokenExpiresAt);
  if (Number.isNaN(accessTokenExpiresAt.getTime()) || Number.isNaN(refreshTokenExpiresAt.getTime())) return null;
  return {
    accessToken: v.accessToken,
    refreshToken: v.refreshToken,
    tokenType: "Bearer",
    accessTokenExpiresAt,
    refreshTokenExpiresAt,
  };
}
