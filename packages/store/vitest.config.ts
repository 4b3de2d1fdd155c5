import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Redis-backed suites start and stop real servers; outage tests wait on reconnects.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
