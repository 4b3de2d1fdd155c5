// Everything /api/trpc does, as one function. Two hosts call it: the web host (server/serve-trpc.ts, what
// `pnpm start` and `pnpm dev` serve) with the request read straight from Node (nodeApiRequest), and the Next
// route handler (src/app/api/trpc, a fallback when the app runs without the web host) with its fetch
// Request. Same services (one per process, cached on globalThis by ../services), same limits, headers,
// cookie session and client address. The answer is plain data: the web host writes it as it is, the route
// turns it into a Response.
import { ApiError, answerApiRequest, apiErrorAnswer, createContext, type ApiAnswer, type ApiRequest } from "@rotor/api";
import { clientIp } from "../client-ip";
import { getServicesAndLimits, type ServicesAndLimits } from "../services";
import type { CookieReader } from "../session/read-web-session";
import { sessionAccessToken } from "../session/session-access-token";
import { getSessionSettings } from "../session/session-env";
import { TRPC_ENDPOINT } from "./trpc-endpoint";

export function handleTrpcRequest(req: Request | ApiRequest, cookies: CookieReader): Promise<ApiAnswer> {
  // Not an async function: once the services are built, a request costs no promise here of its own.
  const built = getServicesAndLimits();
  if (!(built instanceof Promise)) return answer(req, cookies, built);
  return built.then(
    (ready) => answer(req, cookies, ready),
    (error: unknown) => {
      // The database (or Redis) is not reachable at start-up: the next request tries again.
      console.error("[trpc] services unavailable", error);
      return apiErrorAnswer(new ApiError("SERVICE_UNAVAILABLE"));
    },
  );
}

function answer(req: Request | ApiRequest, cookies: CookieReader, { services, limits }: ServicesAndLimits): Promise<ApiAnswer> {
  return answerApiRequest({
    endpoint: TRPC_ENDPOINT,
    req,
    limits,
    createContext: () =>
      createContext({
        services,
        headers: req.headers,
        ip: clientIp(req.headers),
        sessionAccessToken: sessionAccessToken(req, cookies, getSessionSettings),
      }),
    onError(error, path) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}`, error.cause ?? error);
    },
  });
}
