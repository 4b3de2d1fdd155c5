// Liveness plus database and Redis status for load balancers and operators. A Redis outage is
// "degraded" (200: sign-in and refresh keep working on the database); a database outage is 503.
import { getHealth } from "../../../server/services";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const report = await getHealth();
    return Response.json(report, { status: report.status === "error" ? 503 : 200, headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ status: "error", app: "ok", database: { status: "down" } }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
