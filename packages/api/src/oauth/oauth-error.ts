// RFC 6749 5.2 / 7009 2.2.1 error responses of the OAuth endpoints: the registered `error` code and a fixed
// description; never a parser's, driver's or library's text.
export type OAuthErrorCode = "invalid_client" | "invalid_request" | "unsupported_token_type" | "temporarily_unavailable";

const DESCRIPTIONS: Record<OAuthErrorCode, string> = {
  invalid_client: "Client authentication failed",
  invalid_request: "The request is missing a parameter, repeats one, or is malformed",
  unsupported_token_type: "The token type hint is not one this server revokes",
  temporarily_unavailable: "The server cannot handle the request right now",
};

/** Headers every answer of these endpoints carries (RFC 6749 5.1: no caching of token data). */
export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

export function oauthError(code: OAuthErrorCode): Response {
  const status = code === "invalid_client" ? 401 : code === "temporarily_unavailable" ? 503 : 400;
  const headers: Record<string, string> = { ...NO_STORE, "content-type": "application/json" };
  // RFC 6749 5.2: a 401 for invalid_client names the scheme the client must use.
  if (status === 401) headers["www-authenticate"] = 'Basic realm="rotor"';
  if (status === 503) headers["retry-after"] = "1";
  return new Response(JSON.stringify({ error: code, error_description: DESCRIPTIONS[code] }), { status, headers });
}
