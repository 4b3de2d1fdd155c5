// Serves the real routers over real HTTP on a random loopback port, for client and CLI integration tests
// that need a network hop without a Next.js build. Always call close().
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import type { AddressInfo } from "node:net";
import { appRouter } from "../root.ts";
import { createContext, type ApiServices } from "../context.ts";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(services: ApiServices): Promise<ApiServer> {
  const server = createHTTPServer({
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/trpc`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
