import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The consumer test packs, npm-installs and type-checks a tarball: minutes on a loaded machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
