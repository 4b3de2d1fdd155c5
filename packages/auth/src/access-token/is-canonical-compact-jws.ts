// A compact JWS is three base64url segments. jose decodes leniently (it accepts `=` padding and non-zero
// trailing bits), so several strings verify as the same token; the verified-token cache and anything else
// keyed on the token string would then see them as different tokens. Only the one canonical spelling passes.
import { Buffer } from "node:buffer";

const SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function isCanonicalCompactJws(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  // Re-encoding the decoded bytes gives the canonical spelling; any other spelling differs from it.
  return token.split(".").every((segment) => Buffer.from(segment, "base64url").toString("base64url") === segment);
}
