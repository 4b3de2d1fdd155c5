// Liveness and database status for load balancers and operators.
import { getServices } from "../../../server/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  try {
    const { prisma } = await getServices();
    await prisma.$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json({ status: "ok", app: "ok", database: { status: "ok", latencyMs } });
  } catch {
    return Response.json({ status: "error", app: "ok", database: { status: "down" } }, { status: 503 });
  }
}
