// The access token of an `Authorization: Bearer <token>` header (RFC 6750 2.1), or null. Header access is
// structural so the same helper serves fetch `Headers` and Node's header object.
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

function authorizationOf(headers: HeadersLike): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get("authorization") ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>).authorization;
  // Two Authorization headers are ambiguous: use neither.
  return typeof value === "string" ? value : undefined;
}

export function bearerToken(headers: HeadersLike): string | null {
  const match = /^Bearer +([^ ]+) *$/i.exec(authorizationOf(headers) ?? "");
  return match?.[1] ?? null;
}
