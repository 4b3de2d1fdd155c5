// The common front of the OAuth endpoints: client authentication with HTTP Basic (RFC 6749 2.3.1: client_id
// and client_secret, each form-urlencoded, then base64) against the service credentials, and a bounded
// application/x-www-form-urlencoded body whose parameters each appear at most once (RFC 6749 3.1).
import type { ServiceCredentials, ServicePrincipal } from "@rotor/auth";
import { mediaTypeOf, readBoundedText } from "../edge/api-request.ts";
import { oauthError } from "./oauth-error.ts";

export interface OAuthRequest {
  client: ServicePrincipal;
  params: URLSearchParams;
}

function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

async function authenticateClient(request: Request, credentials: ServiceCredentials): Promise<ServicePrincipal | null> {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1] || match[1].length > 1024) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === null || secret === null ? null : credentials.authenticate(id, secret);
}

/** The authenticated client and its parameters, or the error response to send. */
export async function readOAuthRequest(request: Request, credentials: ServiceCredentials, maxBodyBytes: number): Promise<OAuthRequest | Response> {
  if (request.method !== "POST") return oauthError("invalid_request");
  const client = await authenticateClient(request, credentials);
  if (!client) return oauthError("invalid_client");
  if (mediaTypeOf(request.headers.get("content-type")) !== "application/x-www-form-urlencoded") return oauthError("invalid_request");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBodyBytes) return oauthError("invalid_request");
  const body = await readBoundedText(request, maxBodyBytes).catch(() => null);
  if (body === null) return oauthError("invalid_request");
  const params = new URLSearchParams(body);
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return oauthError("invalid_request");
  return { client, params };
}
