// GET /api/revocations/stream: the revocation feed for other services (Server-Sent Events, service credential
// as bearer, resumable with Last-Event-ID; protocol in @rotor/api's create-revocation-feed.ts and
// packages/verify/README.md). Streams for as long as the client stays connected.
import { getRevocationFeed } from "../../../../server/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    return await (await getRevocationFeed()).handle(request);
  } catch {
    // Services could not start (database down): a fixed 503, never the error's text.
    return Response.json(
      { error: { code: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable" } },
      { status: 503, headers: { "cache-control": "no-store", "retry-after": "1" } },
    );
  }
}
