// The Node HTTP server in front of Next.js. It exists for what Next's own server cannot do:
// - tell the app the real socket address. Next 16 sets X-Forwarded-For only when the client sent none, so
//   inside a route handler a forged header and the real peer look alike. This server drops any incoming
//   PEER_ADDRESS_HEADER and sets it from the socket; the app trusts that header and nothing else
//   (src/server/client-ip.ts), reading X-Forwarded-For only behind a proxy the operator declared.
// - refuse methods nothing here serves. Next turns TRACE/TRACK/CONNECT into a 500 (undici's Request
//   refuses to build them) and answers odd ones unevenly; this server answers 405 with a stable body.
// Everything else goes to Next's request handler unchanged. Kept small so other handlers (e.g. tRPC's node
// adapter) can be mounted here later.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { PEER_ADDRESS_HEADER } from "../src/server/peer-address-header";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Methods something in the app answers; everything else is refused before Next sees it. */
const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The same shape /api/trpc gives its own errors (tRPC error envelope, superjson), fixed text only. */
const METHOD_NOT_ALLOWED_BODY = JSON.stringify({
  error: {
    json: {
      message: "Method not allowed",
      code: -32005,
      data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405, path: null, authCode: null, errorCode: "METHOD_NOT_ALLOWED", retryAfterMs: null, zodError: null },
    },
  },
});

function refuseMethod(res: ServerResponse) {
  res.writeHead(405, {
    allow: SERVED_METHODS.join(", "),
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(METHOD_NOT_ALLOWED_BODY),
  });
  res.end(METHOD_NOT_ALLOWED_BODY);
}

/** Normalises an IPv4-mapped IPv6 socket address (`::ffff:127.0.0.1`) to plain IPv4. */
export function socketAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function createWebHost(handle: RequestHandler): Server {
  return createServer((req, res) => {
    if (!req.method || !SERVED_METHODS.includes(req.method)) {
      refuseMethod(res);
      return;
    }
    // Whatever the client sent under this name is dropped; only the socket speaks here.
    req.headers[PEER_ADDRESS_HEADER] = socketAddress(req);
    handle(req, res).catch((error: unknown) => {
      console.error("[rotor] request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end();
    });
  });
}
