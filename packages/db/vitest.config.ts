// One embedded PostgreSQL per run (global setup); each test file makes its own database on it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@rotor/db/testing/global-setup"],
    include: ["src/**/*.test.ts"],
    // argon2 hashing and database creation are slow on shared 2-core machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
