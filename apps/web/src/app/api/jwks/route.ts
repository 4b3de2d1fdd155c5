// Public verification keys, also served at /.well-known/jwks.json (see next.config.ts rewrites).
import { getServices } from "../../../server/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const { tokens } = await getServices();
  return Response.json(tokens.publicJwks(), {
    headers: { "cache-control": "public, max-age=300, stale-while-revalidate=60" },
  });
}
