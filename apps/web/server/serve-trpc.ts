// /api/trpc off Next's app-route path: the request is read straight from the IncomingMessage (nodeApiRequest:
// Headers built once, the body read from the message's own events with the API_MAX_BODY_BYTES cap, no fetch
// Request of our own), the app's one /api/trpc handler answers it, and the answer is written straight to the
// socket. Next's own per-request work (routing, Web streams for the response, AsyncLocalStorage, its header
// pipeline) cost ~1.6 ms per call more than this for the same routers; tRPC's incomingMessageToRequest, used
// here before, cost a quarter of the server's CPU under `auth.refresh` load (a Request with a stream body
// that the edge read and rebuilt, AbortSignals). A single query or mutation is then answered without any
// fetch Request or Response at all (packages/api/src/edge/call-single-procedure.ts): the answer comes back
// as plain data and is written as it is. next.config's security headers are added here, since Next never
// sees these requests.
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeApiRequest } from "@rotor/api";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { securityHeaders } from "../src/server/security/security-headers";
import { handleTrpcRequest } from "../src/server/trpc/handle-trpc-request";

export function createTrpcServer(production: boolean) {
  const fixedHeaders = Object.fromEntries(securityHeaders(production).map(({ key, value }) => [key.toLowerCase(), value]));
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request = nodeApiRequest(req);
    // Next's cookies() parser, so the session cookie reads the same on both paths. One `then`, not an async
    // function around an await: a promise less per request.
    return handleTrpcRequest(request, new RequestCookies(request.headers)).then((answer) => {
      // The body goes out as the string it is: Node then sends the head and a string body in one write,
      // where a Buffer body is a second chunk (a corked writev) after a copy of its own.
      res.writeHead(answer.status, { ...fixedHeaders, ...answer.headers, "content-length": String(Buffer.byteLength(answer.body)) });
      res.end(req.method === "HEAD" ? undefined : answer.body);
    });
  };
}
