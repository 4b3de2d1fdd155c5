// The POST handler of /api/oauth/introspect (RFC 7662) and /api/oauth/revoke (RFC 7009): service credential as
// HTTP Basic, form-encoded (see @rotor/api's create-oauth-endpoints.ts).
import { getOAuthEndpoints } from "./services";

export function oauthRoute(endpoint: "introspect" | "revoke") {
  return async function POST(request: Request): Promise<Response> {
    try {
      const oauth = await getOAuthEndpoints();
      return await (endpoint === "introspect" ? oauth.introspect(request) : oauth.revoke(request));
    } catch {
      // Services could not start (database down): RFC 6749's temporarily_unavailable, fixed text.
      return Response.json(
        { error: "temporarily_unavailable", error_description: "The server cannot handle the request right now" },
        { status: 503, headers: { "cache-control": "no-store", pragma: "no-cache", "retry-after": "1" } },
      );
    }
  };
}
