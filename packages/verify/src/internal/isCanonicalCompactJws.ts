// A compact JWS is three base64url segments. jose decodes leniently (`=` padding, non-zero trailing bits), so
// several strings verify as the same token; a cache keyed on the token string would then hold one token
// under many keys. Only the canonical spelling passes, as in Rotor.
import { base64url } from "jose";

const SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function isCanonicalCompactJws(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  try {
    // Re-encoding the decoded bytes gives the canonical spelling; any other spelling differs from it.
    return token.split(".").every((segment) => base64url.encode(base64url.decode(segment)) === segment);
  } catch {
    return false;
  }
}
