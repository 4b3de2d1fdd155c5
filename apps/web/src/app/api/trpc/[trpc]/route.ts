// tRPC over the fetch adapter at /api/trpc.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext } from "@rotor/api";
import { getServices } from "../../../../server/services";
import { clientIp } from "../../../../server/client-ip";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const services = await getServices();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ services, headers: req.headers, ip: clientIp(req.headers) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
