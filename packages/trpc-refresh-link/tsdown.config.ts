// The published build: ESM JavaScript and .d.ts in dist/, one file per entry, tRPC left to the app.
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  dts: true,
  clean: true,
  // Only the "./node" entry imports node:*; the main entry stays browser-safe (the consumer test checks).
  deps: { neverBundle: [/^node:/] },
  sourcemap: false,
});
