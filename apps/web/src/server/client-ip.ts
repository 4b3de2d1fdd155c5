// The caller's IP for sessions, audit and rate limits. Next's server appends the socket address as the
// last x-forwarded-for entry, so the last entry is the one a client cannot forge.
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip") || null;
}
