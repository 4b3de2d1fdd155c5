// Serves the real routers over real HTTP on a random loopback port (tRPC at /api/trpc, health at
// /api/health, the JWKS at /.well-known/jwks.json, the revocation feed at /api/revocations/stream when
// given), for client, CLI, verifier and multi-instance tests that need a network hop without a Next.js build.
// Always call close().
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { createContext, type ApiServices } from "../context.ts";
import { DEFAULT_API_LIMITS, type ApiLimits } from "../edge/api-limits.ts";
import { answerApiRequest } from "../edge/handle-api-request.ts";
import { nodeApiRequest } from "../edge/node-api-request.ts";
import type { OAuthEndpoints } from "../oauth/create-oauth-endpoints.ts";
import type { RevocationFeed } from "../revocation-feed/create-revocation-feed.ts";
import type { HealthReport } from "../services/create-services.ts";

export interface ApiServer {
  url: string;
  /** Origin only, e.g. http://127.0.0.1:1234 */
  origin: string;
  close(): Promise<void>;
}

export interface StartApiServerOptions {
  health?: () => Promise<HealthReport>;
  /** @default DEFAULT_API_LIMITS */
  limits?: ApiLimits;
  revocationFeed?: RevocationFeed;
  oauth?: OAuthEndpoints;
  /** @default 0 (a free port) */
  port?: number;
}

/** Writes a fetch Response to a Node response as it streams (the revocation feed never ends by itself). */
async function sendStreaming(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.flushHeaders();
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return void res.end();
  res.once("close", () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}

/** The same edge as the web host's (answerApiRequest over nodeApiRequest), behind a plain Node server. */
function serveTrpc(services: ApiServices, limits: ApiLimits) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const ip = req.socket.remoteAddress ?? null;
    const request = nodeApiRequest(req);
    const answer = await answerApiRequest({
      req: request,
      endpoint: "/api/trpc",
      limits,
      createContext: () => createContext({ services, headers: request.headers, ip }),
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };
}

export async function startApiServer(services: ApiServices, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const trpc = serveTrpc(services, options.limits ?? DEFAULT_API_LIMITS);
  const server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(services.tokens.publicJwks()));
      return;
    }
    const feed = options.revocationFeed;
    if (req.url === "/api/revocations/stream" && feed) {
      const request = incomingMessageToRequest(req, res, { maxBodySize: 0 });
      feed
        .handle(request)
        .then((response) => sendStreaming(response, res))
        .catch(() => res.destroy());
      return;
    }
    const oauth = options.oauth;
    if ((req.url === "/api/oauth/introspect" || req.url === "/api/oauth/revoke") && oauth) {
      const request = incomingMessageToRequest(req, res, { maxBodySize: null });
      (req.url === "/api/oauth/introspect" ? oauth.introspect(request) : oauth.revoke(request))
        .then((response) => sendStreaming(response, res))
        .catch(() => res.destroy());
      return;
    }
    if (req.url === "/api/health" && options.health) {
      options.health().then(
        (report) => {
          res.writeHead(report.status === "error" ? 503 : 200, { "content-type": "application/json" });
          res.end(JSON.stringify(report));
        },
        () => {
          res.writeHead(503).end();
        },
      );
      return;
    }
    trpc(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/api/trpc`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
