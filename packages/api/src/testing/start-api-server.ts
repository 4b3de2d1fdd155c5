// Serves the real routers over real HTTP on a random loopback port (tRPC at /api/trpc, health at
// /api/health), for client, CLI and multi-instance tests that need a network hop without a Next.js build.
// Always call close().
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "../root.ts";
import { createContext, type ApiServices } from "../context.ts";
import type { HealthReport } from "../services/create-services.ts";

export interface ApiServer {
  url: string;
  /** Origin only, e.g. http://127.0.0.1:1234 */
  origin: string;
  close(): Promise<void>;
}

export async function startApiServer(services: ApiServices, options: { health?: () => Promise<HealthReport> } = {}): Promise<ApiServer> {
  const trpc = createHTTPHandler({
    basePath: "/api/trpc/",
    router: appRouter,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
      }
      return createContext({ services, headers, ip: req.socket.remoteAddress ?? null });
    },
  });
  const server = createServer((req, res) => {
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
    trpc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
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
