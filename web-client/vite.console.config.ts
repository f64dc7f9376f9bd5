import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vite";
import base from "./vite.config.ts";

// The counsellor console is a second, separate build into the same dist/ (run after the youth's
// page, see package.json): the youth's bundle stays byte for byte what it was, with no chunk
// shared with the console, and its weight budget (scripts/src/checks/landing-size.ts) keeps
// measuring index.html only.
export default mergeConfig(
  base,
  defineConfig({
    build: {
      emptyOutDir: false,
      rollupOptions: {
        input: { console: fileURLToPath(new URL("console.html", import.meta.url)) },
      },
    },
  }),
);
