import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:deploy` only: one test, a long one (it builds images and starts the whole stack).
// Vitest runs it so that the browser steps share tests/support's helpers with the e2e tests.
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".."),
  test: {
    include: ["tests/deploy/**/*.test.ts"],
    testTimeout: 45 * 60_000,
    // Each step prints its time as it ends: show it as it comes, not at the end.
    disableConsoleIntercept: true,
  },
});
