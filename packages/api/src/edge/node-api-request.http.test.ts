// nodeApiRequest over real HTTP: the body cap stops reading without closing the connection (the 413 arrives
// while the client is still sending, and the connection serves the next request), a client that leaves
// mid-body settles the call, and a Host that makes no URL is a 400, not a crash.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiContext } from "../context.ts";
import { handleApiRequest } from "./handle-api-request.ts";
import { nodeApiRequest } from "./node-api-request.ts";

const limits = { maxBodyBytes: 64, maxBatchSize: 3, maxInputDepth: 4 };
let server: Server;
let port: number;
/** Settles with each call's status once handleApiRequest has answered (or failed). */
const settled: Promise<number | "failed">[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = handleApiRequest({ req: nodeApiRequest(req), endpoint: "/api/trpc", limits, createContext: () => ({}) as ApiContext });
    settled.push(answer.then((response) => response.status, () => "failed" as const));
    void answer.then(async (response) => {
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { "content-type": "application/json", "content-length": body.byteLength }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Reads one response (headers and a Content-Length body) off the socket. */
function readResponse(socket: Socket): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const head = data.indexOf("\r\n\r\n");
      if (head < 0) return;
      const headers = data.subarray(0, head).toString("latin1");
      const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
      if (data.byteLength < head + 4 + length) return;
      socket.off("data", onData);
      resolve({ status: Number(headers.split(" ", 2)[1]), body: data.subarray(head + 4, head + 4 + length).toString() });
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

const post = (path: string, headers: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${headers}\r\n`;
const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

describe("nodeApiRequest", () => {
  it("answers 413 while the client is still sending an over-cap body, and the connection goes on", async () => {
    const socket = await open();
    socket.write(post("/api/trpc/auth.refresh", "Transfer-Encoding: chunked\r\n") + chunk(`{"json":"${"x".repeat(100)}`));
    const refused = await readResponse(socket);
    expect(refused.status).toBe(413);
    expect(refused.body).toContain("BODY_TOO_LARGE");
    // The rest of the body is read and dropped; the next request on the same connection is answered.
    socket.write(chunk(`"}`) + chunk("") + post("/api/trpc/nope.nope", "Content-Length: 11\r\n") + '{"json":{}}');
    expect((await readResponse(socket)).status).toBe(404);
    socket.destroy();
  });

  it("reads a body in many chunks within the cap as one text", async () => {
    const socket = await open();
    const text = `{"json":{"a":"${"é".repeat(10)}"}}`;
    socket.write(post("/api/trpc/nope.nope", "Transfer-Encoding: chunked\r\n") + [...text].map(chunk).join("") + chunk(""));
    expect((await readResponse(socket)).status).toBe(404); // parsed, within every bound, past to tRPC
    socket.destroy();
  });

  it("answers a body that came in the same write as its headers, within and over the cap", async () => {
    const socket = await open();
    socket.write(post("/api/trpc/nope.nope", "Content-Length: 11\r\n") + '{"json":{}}');
    expect((await readResponse(socket)).status).toBe(404); // parsed, within every bound, past to tRPC
    const over = `{"json":"${"x".repeat(100)}"}`;
    socket.write(post("/api/trpc/auth.refresh", `Content-Length: ${over.length}\r\n`) + over);
    const refused = await readResponse(socket);
    expect(refused.status).toBe(413);
    expect(refused.body).toContain("BODY_TOO_LARGE");
    socket.write(post("/api/trpc/nope.nope", "Content-Length: 0\r\n"));
    expect((await readResponse(socket)).status).toBe(404);
    socket.destroy();
  });

  it("settles the call when the client leaves mid-body", async () => {
    const before = settled.length;
    const socket = await open();
    socket.write(post("/api/trpc/auth.refresh", "Content-Length: 60\r\n") + '{"json":');
    await expect.poll(() => settled.length, { timeout: 10_000 }).toBe(before + 1);
    socket.destroy();
    expect(await settled[before]).toBe(400);
  });

  it("refuses a Host no URL can be made of with a 400", async () => {
    const socket = await open();
    socket.write("GET /api/trpc/auth.me HTTP/1.1\r\nHost: a b\r\n\r\n");
    const refused = await readResponse(socket);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("INVALID_INPUT");
    socket.destroy();
  });
});

describe("nodeApiRequest's body read", () => {
  /** What readBody gave, and whether it had to switch the message to flowing mode (the event path). */
  async function readOnce(write: (socket: Socket) => void, asked: "at once" | "after an await" = "after an await"): Promise<{ body: string | null; flowing: boolean | null }> {
    const seen = new Promise<{ body: string | null; flowing: boolean | null }>((resolve, reject) => {
      const probe = createServer((req, res) => {
        // The edge asks in the same tick as the headers arrived (no await before it); other hosts may ask later.
        const read = () => nodeApiRequest(req).readBody(64);
        void (asked === "at once" ? Promise.resolve(read()) : Promise.resolve().then(read))
          .then((body) => resolve({ body, flowing: req.readableFlowing }), reject)
          .finally(() => res.end());
      });
      probe.listen(0, "127.0.0.1", () => {
        const socket = connect((probe.address() as AddressInfo).port, "127.0.0.1", () => write(socket));
        socket.on("close", () => probe.close());
        socket.on("data", () => socket.destroy());
      });
    });
    return seen;
  }

  it("takes a body that arrived with its headers straight from the buffer", async () => {
    const result = await readOnce((socket) => socket.write(post("/x", "Content-Length: 11\r\n") + '{"json":{}}'));
    expect(result).toEqual({ body: '{"json":{}}', flowing: null });
  });

  it("takes it from the buffer too when asked in the same tick as the headers, before the parser pushed it", async () => {
    const result = await readOnce((socket) => socket.write(post("/x", "Content-Length: 11\r\n") + '{"json":{}}'), "at once");
    expect(result).toEqual({ body: '{"json":{}}', flowing: null });
  });

  it("waits for a body that arrives later, on the message's events", async () => {
    const result = await readOnce((socket) => {
      socket.write(post("/x", "Content-Length: 11\r\n") + '{"json"');
      setTimeout(() => socket.write(":{}}"), 50);
    });
    expect(result).toEqual({ body: '{"json":{}}', flowing: true });
  });
});
