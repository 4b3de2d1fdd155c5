// The zod primitives every router builds its inputs from, so each kind of value is checked the same way
// everywhere: ids are UUIDs (a non-UUID never reaches a uuid column), free text has no NUL or other
// control characters (PostgreSQL cannot store NUL in text; the others have no business in audit filters,
// logs or UIs), and every string and number is bounded.
import { z } from "zod";

/** C0 and C1 control characters, DEL included (NUL is the one PostgreSQL refuses with 22021). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** `value` without control characters (for header values stored as is, like the User-Agent). */
export function stripControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}

/** A row id. */
export const id = z.uuid();

/** Bounded text without control characters. */
export const plainText = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .refine((value) => stripControlCharacters(value) === value, "Control characters are not allowed");

/** A tenant's slug as typed by a person: trimmed and lower-cased before the check. */
export const tenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Invalid tenant");

export const email = z.email().max(320);

/** Never stored or shown, only hashed: any characters, bounded so argon2 gets bounded work. */
export const password = z.string().min(1).max(1024);

/** Opaque; only its hash is looked up, and the service answers REFRESH_TOKEN_INVALID for any malformed one. */
export const refreshToken = z.string().max(512);

/** A device token from an earlier sign-in (a compact JWS); an invalid one only leaves the client untrusted. */
export const deviceToken = z.string().max(2048);

/** How many rows a list returns. */
export const listLimit = z.number().int().min(1).max(500);
