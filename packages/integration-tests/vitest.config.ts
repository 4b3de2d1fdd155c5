import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One embedded PostgreSQL per run for the tests against the real API.
    globalSetup: ["@rotor/db/testing/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
