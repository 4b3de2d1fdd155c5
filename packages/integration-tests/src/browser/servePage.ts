// One origin for the cross-tab test: serves a page with the bundled tab app and forwards /api/trpc
// to the API server, as a deployed app would (Web Locks and BroadcastChannel are per origin).
import { build } from "esbuild";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function bundleTabApp(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./tabApp.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output");
  return file.text;
}

export async function servePage(apiUrl: string, script: string): Promise<PageServer> {
  const api = new URL(apiUrl);
  const html = `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/app.js"></script>`;
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/api/trpc/")) {
      const upstream = request(
        { host: api.hostname, port: api.port, method: req.method, path, headers: { ...req.headers, host: api.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      return;
    }
    const { pathname } = new URL(path, "http://page.test");
    if (pathname === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
      return;
    }
    if (pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
