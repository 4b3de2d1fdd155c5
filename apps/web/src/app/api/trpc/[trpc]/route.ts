// tRPC over the fetch adapter at /api/trpc, behind the API's edge (handleApiRequest: method, size, batch
// and depth limits, fixed error texts, no-store and Retry-After headers). API clients authenticate with
// `Authorization: Bearer`; browsers with the web session cookie (settings loaded only when a cookie is
// used, so bearer-only deployments need no AUTH_SECRET). Both resolve to the same ctx.auth.
import { cookies } from "next/headers";
import { ApiError, apiErrorResponse, createContext, handleApiRequest } from "@rotor/api";
import { getApiLimits, getServices } from "../../../../server/services";
import { clientIp } from "../../../../server/client-ip";
import { getSessionSettings } from "../../../../server/session/session-env";
import { sessionAccessToken } from "../../../../server/session/session-access-token";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  let services: Awaited<ReturnType<typeof getServices>>;
  let limits: Awaited<ReturnType<typeof getApiLimits>>;
  try {
    [services, limits] = await Promise.all([getServices(), getApiLimits()]);
  } catch (error) {
    // The database (or Redis) is not reachable at start-up: the next request tries again.
    console.error("[trpc] services unavailable", error);
    return apiErrorResponse(new ApiError("SERVICE_UNAVAILABLE"));
  }
  const cookieStore = await cookies();
  return handleApiRequest({
    endpoint: "/api/trpc",
    req,
    limits,
    createContext: () =>
      createContext({
        services,
        headers: req.headers,
        ip: clientIp(req.headers),
        sessionAccessToken: sessionAccessToken(req, cookieStore, getSessionSettings),
      }),
    onError(error, path) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}`, error.cause ?? error);
    },
  });
}

// Every method goes through the edge, so the ones tRPC does not serve get its 405 with a stable body.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
