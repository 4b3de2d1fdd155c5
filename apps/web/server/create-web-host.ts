// The Node HTTP server in front of Next.js. It exists for what Next's own server cannot do:
// - tell the app the real socket address. Next 16 sets X-Forwarded-For only when the client sent none, so
//   inside a route handler a forged header and the real peer look alike. This server drops any incoming
//   PEER_ADDRESS_HEADER and sets it from the socket; the app trusts that header and nothing else
//   (src/server/client-ip.ts), reading X-Forwarded-For only behind a proxy the operator declared.
// - refuse what Next would answer with a 500 of its own: methods nothing here serves (Next turns TRACE
//   into a 500 because undici's Request refuses to build it) get 405, and a path that is not valid
//   percent-encoding (Next fails decoding its dynamic segments) gets 400, both with a stable body.
// Everything else goes to the handler main.ts gives it: /api/trpc to the API's edge (serve-trpc.ts),
// the rest to Next's request handler unchanged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { PEER_ADDRESS_HEADER } from "../src/server/peer-address-header";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Methods something in the app answers; everything else is refused before Next sees it. */
const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

interface Refusal {
  status: number;
  rpcCode: number;
  code: string;
  errorCode: string;
  message: string;
  headers?: Record<string, string>;
}

const METHOD_NOT_ALLOWED: Refusal = {
  status: 405,
  rpcCode: -32005,
  code: "METHOD_NOT_SUPPORTED",
  errorCode: "METHOD_NOT_ALLOWED",
  message: "Method not allowed",
  headers: { allow: SERVED_METHODS.join(", ") },
};

const INVALID_PATH: Refusal = { status: 400, rpcCode: -32600, code: "BAD_REQUEST", errorCode: "INVALID_PATH", message: "Invalid request path" };

/** The same shape /api/trpc gives its own errors (tRPC error envelope, superjson), fixed text only. */
function refuse(res: ServerResponse, refusal: Refusal) {
  const body = JSON.stringify({
    error: {
      json: {
        message: refusal.message,
        code: refusal.rpcCode,
        data: { code: refusal.code, httpStatus: refusal.status, path: null, authCode: null, errorCode: refusal.errorCode, retryAfterMs: null, zodError: null },
      },
    },
  });
  res.writeHead(refusal.status, {
    ...refusal.headers,
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function isDecodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?", 1)[0]!);
    return true;
  } catch {
    return false;
  }
}

/** Normalises an IPv4-mapped IPv6 socket address (`::ffff:127.0.0.1`) to plain IPv4. */
export function socketAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function createWebHost(handle: RequestHandler): Server {
  return createServer((req, res) => {
    if (!req.method || !SERVED_METHODS.includes(req.method)) {
      refuse(res, METHOD_NOT_ALLOWED);
      return;
    }
    if (!isDecodablePath(req.url ?? "/")) {
      refuse(res, INVALID_PATH);
      return;
    }
    // Whatever the client sent under this name is dropped; only the socket speaks here.
    req.headers[PEER_ADDRESS_HEADER] = socketAddress(req);
    const fail = (error: unknown) => {
      console.error("[rotor] request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end();
    };
    // A handler may also throw before its first promise (the tRPC one is not an async function): the same 500.
    try {
      handle(req, res).catch(fail);
    } catch (error) {
      fail(error);
    }
  });
}
