// The published build: ESM JavaScript and .d.ts in dist/, one file per entry, jose and the SSE parser
// left to npm (dependencies), ioredis never imported (the Redis source takes a client the app made).
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  dts: true,
  clean: true,
  // Only the "./node" entry imports node:*; the main entry also runs on fetch-only runtimes.
  deps: { neverBundle: [/^node:/] },
  sourcemap: false,
});
