// What the refresh link adds to a browser bundle, beside the two best alternatives measured the same
// way: every export of the package's published ESM entry bundled by esbuild for the browser,
// minified, with the libraries the app already has (tRPC, axios) left out, then gzip -9.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BenchResult } from "../report.ts";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const linkDir = join(benchDir, "..", "trpc-refresh-link");

interface Subject {
  label: string;
  /** A package name (esbuild picks its browser ESM entry, as an app's bundler would) or a file. */
  entry: string;
  /** Named exports to keep (tree-shaking the rest); every export when absent. */
  only?: string[];
}

async function measure(subject: Subject): Promise<{ minBytes: number; gzipBytes: number }> {
  const result = await build({
    stdin: {
      contents: `export ${subject.only ? `{ ${subject.only.join(", ")} }` : "*"} from ${JSON.stringify(subject.entry)};`,
      resolveDir: benchDir,
      loader: "js",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    external: ["@trpc/*", "axios"],
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export async function benchBundleSize(): Promise<BenchResult> {
  // The published build (dist/), exactly what `npm install` gives a browser app.
  execFileSync("pnpm", ["build"], { cwd: linkDir, stdio: "ignore" });
  const subjects: Subject[] = [
    { label: "@rotor/trpc-refresh-link", entry: join(linkDir, "dist", "index.js") },
    {
      label: "@rotor/trpc-refresh-link (refreshLink + authHeaders only)",
      entry: join(linkDir, "dist", "index.js"),
      only: ["refreshLink", "authHeaders"],
    },
    { label: "trpc-token-refresh-link", entry: "trpc-token-refresh-link" },
    { label: "axios-auth-refresh", entry: "axios-auth-refresh" },
  ];
  const metrics: Record<string, number> = {};
  for (const subject of subjects) {
    const { minBytes, gzipBytes } = await measure(subject);
    metrics[`${subject.label} min (bytes)`] = minBytes;
    metrics[`${subject.label} min+gzip (bytes)`] = gzipBytes;
  }
  return {
    name: "Browser bundle size of the refresh link",
    metrics,
    notes:
      "Every export of each package's ESM entry (and, for ours, the link alone, tree-shaken), bundled by esbuild for the browser (minified, ES2022) with " +
      "@trpc/* and axios external (the app has them anyway), then gzip -9. Ours includes the cross-tab " +
      "coordinator and the Web Storage store; the alternatives have neither (trpc-token-refresh-link: one link; " +
      "axios-auth-refresh: an axios interceptor).",
  };
}
