// The HTTP edge over real HTTP (the same handleApiRequest the web app mounts): bounds, fixed error texts,
// cache and retry headers, transient database failures as 503.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";
import { startApiServer, type ApiServer } from "../testing/start-api-server.ts";

let t: TestApi;
let server: ApiServer;
const limits = { maxBodyBytes: 2048, maxBatchSize: 5, maxInputDepth: 8 };
beforeAll(async () => {
  t = await createTestApi();
  server = await startApiServer(t.services, { limits });
});
afterAll(async () => {
  await server.close();
  await t.close();
});

interface ErrorBody {
  error: { json: { message: string; data: { code: string; httpStatus: number; errorCode: string; retryAfterMs: number | null } } };
}

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/${path}`, init);
  const text = await res.text();
  return { res, text, body: JSON.parse(text) as ErrorBody | ErrorBody[] };
}

const post = (body: string, headers: Record<string, string> = {}) => ({ method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const errorOf = (body: ErrorBody | ErrorBody[]) => (Array.isArray(body) ? body[0]! : body).error.json;

describe("API edge", () => {
  it("refuses an oversized batch before running any call", async () => {
    const { res, body, text } = await call(`${",".repeat(2000)}?batch=1`);
    expect(res.status).toBe(400);
    expect(errorOf(body)).toMatchObject({ message: "Too many calls in one batch", data: { errorCode: "BATCH_TOO_LARGE" } });
    expect(text.length).toBeLessThan(1000);
    const refreshes = Array.from({ length: 6 }, () => "auth.refresh").join(",");
    expect((await call(`${refreshes}?batch=1`, post("{}"))).res.status).toBe(400);
  });

  it("refuses an oversized body, declared or not", async () => {
    const big = JSON.stringify({ json: { refreshToken: "x".repeat(4096) } });
    const { res, body } = await call("auth.refresh", post(big));
    expect(res.status).toBe(413);
    expect(errorOf(body).data.errorCode).toBe("BODY_TOO_LARGE");
    // Chunked, no Content-Length: the cap applies while reading. The server answers as soon as the cap is
    // passed and may close the socket before the client has finished sending, so read the status raw.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/auth.refresh`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(big.slice(0, 1500));
      req.end(big.slice(1500));
    });
    expect(streamed).toBe(413);
  });

  it("refuses deep nesting, bad JSON and bad superjson meta with fixed texts", async () => {
    const deep = await call("auth.refresh", post(`{"json":${"[".repeat(50)}${"]".repeat(50)}}`));
    expect(deep.res.status).toBe(400);
    expect(errorOf(deep.body).data.errorCode).toBe("INPUT_TOO_DEEP");

    const broken = await call("auth.login", post('{"json": {"tenant": "acme", SECRET-ECHO'));
    expect(broken.res.status).toBe(400);
    expect(errorOf(broken.body)).toMatchObject({ message: "Request is not valid JSON", data: { errorCode: "INVALID_JSON" } });
    expect(broken.text).not.toContain("SECRET-ECHO");
    expect(broken.text).not.toMatch(/Unexpected|position/);

    const meta = await call("auth.refresh", post('{"json":{},"meta":{"values":{"a":["class","Nope"]}}}'));
    expect(meta.res.status).toBe(400);
    expect(errorOf(meta.body).data.errorCode).toBe("INVALID_TRANSFORMER_META");
    expect(meta.text).not.toContain("call stack");

    const queryInput = await call(`auth.me?input=${encodeURIComponent("{nope")}`);
    expect(errorOf(queryInput.body).data.errorCode).toBe("INVALID_JSON");
  });

  it("answers unknown procedures without echoing the path and other methods with 405", async () => {
    const unknown = await call("auth.%3Cscript%3E");
    expect(unknown.res.status).toBe(404);
    expect(unknown.text).not.toContain("script");
    expect(errorOf(unknown.body).data.errorCode).toBe("PROCEDURE_NOT_FOUND");
    const put = await call("auth.login", { method: "PUT" });
    expect(put.res.status).toBe(405);
    expect(put.res.headers.get("allow")).toBe("GET, POST, HEAD");
    expect(errorOf(put.body).data.errorCode).toBe("METHOD_NOT_ALLOWED");
  });

  it("refuses NUL and non-UUID ids as 400 before the database sees them", async () => {
    const { accessToken } = await t.loginAs("admin@acme.test");
    const auth = { authorization: `Bearer ${accessToken}` };
    const nul = await call(`admin.audit.list?input=${encodeURIComponent(JSON.stringify({ json: { type: "a\u0000b" } }))}`, { headers: auth });
    expect(nul.res.status).toBe(400);
    expect(errorOf(nul.body).data.errorCode).toBe("INVALID_INPUT");
    const notUuid = await call("admin.sessions.revoke", post(JSON.stringify({ json: { sessionId: "1 OR 1=1" } }), auth));
    expect(notUuid.res.status).toBe(400);
  });

  it("answers plainly (one JSON body, real status) when a client asks for a streamed answer", async () => {
    const { res, body } = await call("auth.me?batch=1", { headers: { "trpc-accept": "application/jsonl" } });
    expect(res.status).toBe(401);
    expect(errorOf(body).data.code).toBe("UNAUTHORIZED");
  });

  it("marks every response no-store", async () => {
    const pair = await t.loginAs("user@acme.test");
    const { res } = await call("auth.refresh", post(JSON.stringify({ json: { refreshToken: pair.refreshToken } })));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
  });

  it("answers a transient database failure with 503, SERVICE_UNAVAILABLE and Retry-After", async () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
    const spy = vi.spyOn(t.services.tokens, "refresh").mockRejectedValueOnce(terminated);
    const { res, body, text } = await call("auth.refresh", post(JSON.stringify({ json: { refreshToken: "x" } })));
    spy.mockRestore();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(errorOf(body)).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE", errorCode: "SERVICE_UNAVAILABLE", retryAfterMs: 1000 } });
    expect(text).not.toContain("administrator");
  });
});
