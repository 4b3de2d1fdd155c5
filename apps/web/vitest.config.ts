import { defineConfig } from "vitest/config";

// Two projects: unit tests beside the code, and browser end-to-end tests against `next build` +
// `next start`. Both get one embedded PostgreSQL server per run; each file makes its own database.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.{ts,tsx}", "server/**/*.test.ts"],
          globalSetup: ["@rotor/db/testing/global-setup"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          // The database server first, then the production build of the app (skipped with ROTOR_E2E_SKIP_BUILD=1).
          globalSetup: ["@rotor/db/testing/global-setup", "./e2e/support/build-once.ts"],
          // Each file runs its own server and browser; running them one at a time keeps timing honest.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
