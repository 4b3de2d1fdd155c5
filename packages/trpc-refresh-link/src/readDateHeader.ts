// Default clock-skew source for refreshLink: the server's `Date` response header.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// The last header parsed. refreshLink reads the header on every response, and responses within the
// same second carry the same string; parsing it costs more than the rest of this function. It is a
// pure string -> number memo, so sharing it between clients is harmless.
let lastParsed = { value: "", ms: Number.NaN };

/**
 * The server clock from an http link's `meta` (`{ response }`, on errors and success envelopes):
 * the `Date` response header. Cross-origin browsers only see it with
 * `Access-Control-Expose-Headers: Date`.
 */
export function readDateHeader(meta: unknown): Date | undefined {
  if (!isRecord(meta) || !isRecord(meta.response)) return undefined;
  const headers = meta.response.headers;
  if (!isRecord(headers) || typeof headers.get !== "function") return undefined;
  const value: unknown = (headers.get as (name: string) => unknown).call(headers, "date");
  if (typeof value !== "string") return undefined;
  if (value !== lastParsed.value) lastParsed = { value, ms: Date.parse(value) };
  const ms = lastParsed.ms;
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
