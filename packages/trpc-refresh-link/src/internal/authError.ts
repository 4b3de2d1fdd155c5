// Reads the server's auth contract out of whatever a link or callback threw.
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
