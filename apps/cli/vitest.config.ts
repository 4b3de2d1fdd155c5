import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The CLI tests run `rotor` as a child process against the real API on its own database.
    globalSetup: ["@rotor/db/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
