// POST /api/oauth/revoke: RFC 7009 token revocation for other services.
import { oauthRoute } from "../../../../server/oauth-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = oauthRoute("revoke");
