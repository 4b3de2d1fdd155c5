// Token pairs as JSON: Dates become ISO strings, and anything malformed reads as "no pair".
import { toTokenPair, type TokenPairInput } from "../toTokenPair.ts";
import type { TokenPair } from "../types.ts";
import { timeOf } from "./timeOf.ts";

export function serializePair(pair: TokenPair): string {
  return JSON.stringify({
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    tokenType: pair.tokenType,
    // timeOf: a pair an app stored with string expiries (a cast) must not throw here.
    accessTokenExpiresAt: new Date(timeOf(pair.accessTokenExpiresAt)).toISOString(),
    refreshTokenExpiresAt: new Date(timeOf(pair.refreshTokenExpiresAt)).toISOString(),
  });
}

/** A pair from anything (a parsed message, a JSON value), or null when it is not one. */
export function readPair(value: unknown): TokenPair | null {
  try {
    return toTokenPair(value as TokenPairInput);
  } catch {
    return null;
  }
}

export function parsePair(text: string): TokenPair | null {
  try {
    return readPair(JSON.parse(text));
  } catch {
    return null;
  }
}
