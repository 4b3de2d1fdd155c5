// Prometheus metrics of this instance (text exposition by prom-client): logins, refreshes, replays, reuse,
// revocations and rate-limit refusals, latency histograms, live sessions and the process's default metrics.
// Protected: with METRICS_TOKEN set, `Authorization: Bearer <METRICS_TOKEN>` from anywhere; without it,
// loopback clients only (the client address as the web host and TRUST_PROXY determine it).
import { renderMetrics } from "@rotor/api";
import { getServices } from "../../../server/services";
import { metricsAccess } from "../../../server/metrics-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const noStore = { "cache-control": "no-store" };

export async function GET(request: Request) {
  const access = metricsAccess(request.headers);
  if (access !== "allowed") {
    return Response.json(
      { error: { code: access, message: access === "UNAUTHORIZED" ? "Metrics token required" : "Metrics are served to loopback only" } },
      { status: access === "UNAUTHORIZED" ? 401 : 403, headers: { ...noStore, ...(access === "UNAUTHORIZED" ? { "www-authenticate": "Bearer" } : {}) } },
    );
  }
  try {
    // Building the services registers this process's metrics (and the live-session gauge) even before
    // the first API request.
    await getServices();
  } catch {
    // The registry still has the process metrics; the session gauge is then absent.
  }
  try {
    const { contentType, body } = await renderMetrics();
    return new Response(body, { headers: { ...noStore, "content-type": contentType } });
  } catch (error) {
    // Only with several workers: the primary could not collect every worker's metrics in time.
    console.error("[rotor] metrics unavailable", error);
    return Response.json(
      { error: { code: "METRICS_UNAVAILABLE", message: "Metrics are unavailable; try again" } },
      { status: 503, headers: { ...noStore, "retry-after": "1" } },
    );
  }
}
