// The web host's own answers, over a real socket: a handler that fails, before or after its first promise,
// is a 500 with no detail, and the server goes on serving.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebHost } from "./create-web-host";

let base: string;
const server = createWebHost((req, res) => {
  if (req.url === "/throws") throw new Error("thrown before any promise");
  if (req.url === "/rejects") return Promise.reject(new Error("rejected"));
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok");
  return Promise.resolve();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createWebHost", () => {
  it("answers 500 without detail when a handler throws or rejects, and keeps serving", async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (const path of ["/throws", "/rejects"]) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(500);
        expect(await res.text()).toBe("");
      }
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(2);
    const ok = await fetch(`${base}/fine`);
    expect([ok.status, await ok.text()]).toEqual([200, "ok"]);
  });
});
