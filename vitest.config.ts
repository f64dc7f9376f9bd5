import { defineConfig } from "vitest/config";

// One runner, three projects. Unit tests use fakes only; integration and end-to-end tests start a
// real Synapse (and, for e2e, a real Chromium), so they run one file at a time on a 2-core machine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "bot/src/**/*.test.ts",
            "bot/contract/src/**/*.test.ts",
            "scripts/src/**/*.test.ts",
            "web-client/src/**/*.test.{ts,tsx}",
            "web-client/build/**/*.test.ts",
            // The test harness's own pure helpers (the test week, for one).
            "tests/support/**/*.test.ts",
            // The benchmark's pure helpers (reading Synapse's metrics), not its figures.
            "tests/bench/**/*.test.ts",
          ],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/support/node-polyfills.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          setupFiles: ["tests/support/node-polyfills.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
