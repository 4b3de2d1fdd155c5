// POST /api/oauth/introspect: RFC 7662 token introspection for other services.
import { oauthRoute } from "../../../../server/oauth-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = oauthRoute("introspect");
