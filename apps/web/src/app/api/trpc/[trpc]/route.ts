// /api/trpc inside Next: a fallback for when the app runs without its web host (server/main.ts serves
// /api/trpc itself, off Next's app-route path). Both call the same handleTrpcRequest.
import { cookies } from "next/headers";
import { responseOf } from "@rotor/api";
import { handleTrpcRequest } from "../../../../server/trpc/handle-trpc-request";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return responseOf(await handleTrpcRequest(req, await cookies()));
}

// Every method goes through the edge, so the ones tRPC does not serve get its 405 with a stable body.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
