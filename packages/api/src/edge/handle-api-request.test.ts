// The edge's host-neutral entry: every bound is checked on the ApiRequest form before anything is built,
// the body is read once with the cap, a single call to a known procedure is answered without any fetch
// Request, and everything else builds exactly one (tRPC's), with a string body; the fetch Request form (the
// Next route) gets the same answers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiContext } from "../context.ts";
import type { ApiRequest } from "./api-request.ts";
import { handleApiRequest } from "./handle-api-request.ts";

const limits = { maxBodyBytes: 64, maxBatchSize: 3, maxInputDepth: 4 };
const ORIGIN = "http://rotor.test";

/** Every Request built while a test runs (the global one is swapped for a counting subclass). */
let built: Request[] = [];
beforeEach(() => {
  built = [];
  const Counted = class extends Request {
    constructor(...args: ConstructorParameters<typeof Request>) {
      super(...args);
      built.push(this);
    }
  };
  vi.stubGlobal("Request", Counted);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function apiRequest(method: string, path: string, body: string | null = null, headers: Record<string, string> = {}) {
  const readBody = vi.fn((maxBytes: number) => Promise.resolve(body !== null && Buffer.byteLength(body) > maxBytes ? null : (body ?? "")));
  const req: ApiRequest = { method, url: new URL(path, ORIGIN), headers: new Headers(headers), readBody };
  return { req, readBody };
}

async function handle(req: Request | ApiRequest) {
  const response = await handleApiRequest({ req, endpoint: "/api/trpc", limits, createContext: () => ({}) as ApiContext });
  const body = (await response.json()) as { error?: { json: { data: { errorCode: string } } } };
  return { response, errorCode: body.error?.json.data.errorCode };
}

describe("handleApiRequest, host-neutral form", () => {
  it("refuses before reading or building anything: method, batch, declared length, unknown URL", async () => {
    const put = apiRequest("PUT", "/api/trpc/auth.login", "{}");
    const refused = await handle(put.req);
    expect(refused).toMatchObject({ response: { status: 405 }, errorCode: "METHOD_NOT_ALLOWED" });
    expect(refused.response.headers.get("allow")).toBe("GET, POST, HEAD");

    const batch = apiRequest("POST", "/api/trpc/a,b,c,d?batch=1", "{}");
    expect(await handle(batch.req)).toMatchObject({ response: { status: 400 }, errorCode: "BATCH_TOO_LARGE" });

    const declared = apiRequest("POST", "/api/trpc/auth.refresh", "{}", { "content-length": "65" });
    expect(await handle(declared.req)).toMatchObject({ response: { status: 413 }, errorCode: "BODY_TOO_LARGE" });

    const noUrl = { ...apiRequest("POST", "/api/trpc/auth.refresh", "{}").req, url: null };
    expect(await handle(noUrl)).toMatchObject({ response: { status: 400 }, errorCode: "INVALID_INPUT" });

    for (const { readBody } of [put, batch, declared]) expect(readBody).not.toHaveBeenCalled();
    expect(built).toHaveLength(0);
  });

  it("reads the body once with the cap and refuses what is over it, unparsable or too deep", async () => {
    const big = apiRequest("POST", "/api/trpc/auth.refresh", JSON.stringify({ json: "x".repeat(64) }));
    expect(await handle(big.req)).toMatchObject({ response: { status: 413 }, errorCode: "BODY_TOO_LARGE" });
    expect(big.readBody).toHaveBeenCalledExactlyOnceWith(64);

    const broken = apiRequest("POST", "/api/trpc/auth.refresh", '{"json": SECRET');
    expect(await handle(broken.req)).toMatchObject({ response: { status: 400 }, errorCode: "INVALID_JSON" });
    const deep = apiRequest("POST", "/api/trpc/auth.refresh", `{"json":${"[".repeat(6)}${"]".repeat(6)}}`);
    expect(await handle(deep.req)).toMatchObject({ response: { status: 400 }, errorCode: "INPUT_TOO_DEEP" });
    expect(built).toHaveLength(0);
  });

  it("answers a body that fails to arrive as unreadable input", async () => {
    const { req } = apiRequest("POST", "/api/trpc/auth.refresh");
    const gone: ApiRequest = { ...req, readBody: () => Promise.reject(new Error("client gone")) };
    expect(await handle(gone)).toMatchObject({ response: { status: 400 }, errorCode: "INVALID_INPUT" });
  });

  it("builds exactly one Request, with the text body and without the headers tRPC must not see", async () => {
    const headers = { "content-type": "application/json", "content-length": "11", accept: "application/jsonl", "trpc-accept": "application/jsonl", "user-agent": "t" };
    const post = apiRequest("POST", "/api/trpc/nope.nope", '{"json":{}}', headers);
    const { response, errorCode } = await handle(post.req);
    expect(response.status).toBe(404); // past every bound, answered by tRPC itself
    expect(errorCode).toBe("PROCEDURE_NOT_FOUND");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(built).toHaveLength(1);
    const [request] = built;
    expect(request!.url).toBe(`${ORIGIN}/api/trpc/nope.nope`);
    expect(request!.headers.get("user-agent")).toBe("t");
    for (const name of ["accept", "trpc-accept", "content-length"]) expect(request!.headers.has(name)).toBe(false);
    expect(post.req.headers.get("accept")).toBe("application/jsonl"); // the host's headers stay as they came
    expect(await request!.text()).toBe('{"json":{}}');

    const get = apiRequest("GET", "/api/trpc/nope.nope?input=%7B%7D");
    expect((await handle(get.req)).response.status).toBe(404);
    expect(get.readBody).not.toHaveBeenCalled();
    expect(built).toHaveLength(2);
  });

  it("answers a single call to a known procedure from its one parse, without a fetch Request", async () => {
    const headers = { "content-type": "application/json" };
    const single = apiRequest("POST", "/api/trpc/auth.refresh", '{"json":{"refreshToken":1}}', headers);
    const { response } = await handle(single.req);
    expect(response.status).toBe(400); // the procedure's own input validation
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(built).toHaveLength(0);
    // The same call in a batch of one goes through tRPC's fetch adapter.
    const batch = apiRequest("POST", "/api/trpc/auth.refresh?batch=1", '{"0":{"json":{"refreshToken":1}}}', headers);
    expect((await handle(batch.req)).response.status).toBe(400);
    expect(built).toHaveLength(1);
  });
});

describe("handleApiRequest, fetch Request form", () => {
  it("gives the same answers and still builds only tRPC's Request", async () => {
    const streamed = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of [text.slice(0, 40), text.slice(40)]) controller.enqueue(new TextEncoder().encode(part));
          controller.close();
        },
      });
    const fetchRequest = (path: string, init: RequestInit & { duplex?: "half" }) => new Request(`${ORIGIN}${path}`, init);
    const big = fetchRequest("/api/trpc/auth.refresh", { method: "POST", body: streamed(JSON.stringify({ json: "x".repeat(64) })), duplex: "half" });
    const small = fetchRequest("/api/trpc/nope.nope", { method: "POST", headers: { "content-type": "application/json" }, body: '{"json":{}}' });
    const put = fetchRequest("/api/trpc/auth.login", { method: "PUT", body: "{}" });
    built = [];
    expect(await handle(big)).toMatchObject({ response: { status: 413 }, errorCode: "BODY_TOO_LARGE" });
    expect(await handle(put)).toMatchObject({ response: { status: 405 }, errorCode: "METHOD_NOT_ALLOWED" });
    expect(built).toHaveLength(0);
    expect((await handle(small)).response.status).toBe(404);
    expect(built).toHaveLength(1);
  });
});
