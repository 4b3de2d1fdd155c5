// The floor without Next.js: Rotor's routers and services (built by the same composition root as the web
// app, from the same env) on tRPC's standalone node:http adapter, nothing else in the request path.
// Run as its own process by the rotation-servers benchmark: `node --import tsx node-adapter-server.ts`,
// with PORT and the app's env; prints "ready" once it listens.
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { appRouter, createContext, createServices } from "@rotor/api";

const { services } = await createServices({
  env: process.env,
  databaseUrl: process.env.DATABASE_URL!,
  production: true,
  poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

const server = createHTTPServer({
  router: appRouter,
  basePath: "/api/trpc/",
  createContext: ({ req }) => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    return createContext({ services, headers, ip: req.socket.remoteAddress ?? null });
  },
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
