// Prisma CLI configuration (generate, studio, and migrate where Prisma's engine is available).
// The URL falls back to the embedded default so `prisma generate` works with no env at all.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:54329/rotor",
  },
});
