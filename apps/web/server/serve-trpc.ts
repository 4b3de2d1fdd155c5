// /api/trpc off Next's app-route path: tRPC's node-http adapter turns the IncomingMessage into a fetch
// Request (capped at API_MAX_BODY_BYTES while it streams), the app's one /api/trpc handler answers it, and
// the answer is written straight to the socket. Next's own per-request work (routing, Web streams for the
// response, AsyncLocalStorage, its header pipeline) cost ~1.6 ms per call more than this for the same
// routers; next.config's security headers are added here, since Next never sees these requests.
import type { IncomingMessage, ServerResponse } from "node:http";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { securityHeaders } from "../src/server/security/security-headers";
import { getApiLimits } from "../src/server/services";
import { handleTrpcRequest } from "../src/server/trpc/handle-trpc-request";

async function maxBodySize(): Promise<number> {
  try {
    return (await getApiLimits()).maxBodyBytes;
  } catch {
    return 1; // services are down: handleTrpcRequest answers 503 without reading the body
  }
}

export function createTrpcServer(production: boolean) {
  const fixedHeaders = Object.fromEntries(securityHeaders(production).map(({ key, value }) => [key.toLowerCase(), value]));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request = incomingMessageToRequest(req, res, { maxBodySize: await maxBodySize() });
    // Next's cookies() parser, so the session cookie reads the same on both paths.
    const response = await handleTrpcRequest(request, new RequestCookies(request.headers));
    const headers: Record<string, string | string[]> = { ...fixedHeaders };
    for (const [key, value] of response.headers) if (key !== "set-cookie") headers[key] = value;
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    // Rotor's answers are never streamed (the edge drops trpc-accept), so the body is one small buffer.
    const body = Buffer.from(await response.arrayBuffer());
    headers["content-length"] = String(body.byteLength);
    res.writeHead(response.status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
