// tRPC over the fetch adapter at /api/trpc. API clients authenticate with `Authorization: Bearer`; browsers
// with the web session cookie (settings loaded only when a cookie is used, so bearer-only
// deployments need no AUTH_SECRET). Both resolve to the same ctx.auth through Rotor's token service.
import { cookies } from "next/headers";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext } from "@rotor/api";
import { getServices } from "../../../../server/services";
import { clientIp } from "../../../../server/client-ip";
import { getSessionSettings } from "../../../../server/session/session-env";
import { sessionAccessToken } from "../../../../server/session/session-access-token";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const [services, cookieStore] = await Promise.all([getServices(), cookies()]);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () =>
      createContext({
        services,
        headers: req.headers,
        ip: clientIp(req.headers),
        sessionAccessToken: sessionAccessToken(req.headers, cookieStore, getSessionSettings),
      }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
