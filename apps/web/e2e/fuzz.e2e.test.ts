// 10,000 generated malformed requests (fast-check) against the production build: bodies, headers, tokens,
// batches, methods, paths, NUL bytes, huge strings, deep nesting, hostile superjson meta. Every answer must
// be below 500; every /api/trpc answer must be a normal result or the stable error shape with a fixed
// message; no internal text anywhere under /api; the server healthy and working afterwards. The seed is
// printed (FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> changes the count).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { jsonPost, rawRequest, type RawRequest, type RawResponse } from "./support/http-probe";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
// A fixed default corpus keeps `pnpm test` reproducible; FUZZ_SEED=random explores new corpora.
const SEED = process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 653738821);
const CONCURRENCY = 8;
/** Requests are generated this many at a time, as they are sent (see generateRequests). */
const CHUNK = 100;
/**
 * Above this size every body and URL gets the same answer (413 / 431, the limits are 16 KB here), so larger
 * ones only cost the test client memory: uncapped, a batch of 30 envelopes of 70,000-character strings made
 * single bodies of 700 KB and the whole corpus 550 MB.
 */
const MAX_GENERATED_BYTES = 64 * 1024;
const capped = (text: string) => (text.length > MAX_GENERATED_BYTES ? text.slice(0, MAX_GENERATED_BYTES) : text);

const PROCEDURES = [
  "auth.login",
  "auth.refresh",
  "auth.logout",
  "auth.logoutAll",
  "auth.me",
  "auth.sessions.list",
  "auth.sessions.revoke",
  "auth.sessions.revokeOthers",
  "admin.users.list",
  "admin.users.revokeSessions",
  "admin.sessions.list",
  "admin.sessions.revoke",
  "admin.audit.list",
];

/** Every message an /api/trpc error may carry: the API's fixed texts and the token service's. */
const ALLOWED_MESSAGES = new Set([
  "Method not allowed",
  "Invalid request path",
  "Request body too large",
  "Too many calls in one batch",
  "Input nested too deeply",
  "Request is not valid JSON",
  "Unsupported serialization metadata",
  "Invalid input",
  "Unsupported content type",
  "No such procedure",
  "Cross-origin request refused",
  "Insufficient role",
  "Request refused",
  "Too many requests, try again later",
  "Missing access token",
  "Access token invalid",
  "Access token expired",
  "Access token not yet valid",
  "Access token claims invalid",
  "Unknown signing key",
  "Session revoked",
  "Session expired",
  "Session ended",
  "Refresh token invalid",
  "Refresh refused",
  "Invalid credentials",
  "Session not found",
  "User not found",
]);

/** Text that must never reach a client from /api: parser, runtime, driver, library or stack output. */
const LEAKS = /Unexpected token|in JSON at|JSON\.parse|call stack|at \/|node_modules|\.ts:\d|prisma|postgres|SQLSTATE|ECONN|TypeError|ReferenceError|undefined is not|Cannot read prop/i;

interface Tokens {
  access: string;
  refresh: string;
  cookie: string;
}

// --- generators -------------------------------------------------------------------------------------

/**
 * Percent-encodes every UTF-8 byte (lone surrogates included, which encodeURIComponent refuses), at most as
 * many as fit in a capped URL (encoding whole 70 KB strings was most of the generator's CPU).
 */
const percentEncode = (text: string) =>
  Buffer.from(text, "utf8")
    .subarray(0, MAX_GENERATED_BYTES / 3)
    .toString("hex")
    .replace(/../g, "%$&");

const printable = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*'();:@&=+$,/?#[]{}\"\\ %") });
const nasty = fc.string({ unit: "binary", maxLength: 64 }).map((s) => s + "\u0000");
const anyText = fc.oneof(fc.string({ maxLength: 40 }), nasty, fc.string({ unit: "binary", maxLength: 40 }), fc.constant("x".repeat(70_000)));

/** Something close to a real input for a procedure, with hostile field values. */
const nearInput = fc.record(
  {
    tenant: fc.oneof(fc.constant("acme"), anyText),
    email: fc.oneof(fc.constant("user@acme.test"), fc.emailAddress(), anyText),
    password: fc.oneof(fc.constant("wrong-password"), anyText),
    refreshToken: anyText,
    sessionId: fc.oneof(fc.uuid(), anyText),
    userId: fc.oneof(fc.uuid(), anyText),
    type: anyText,
    limit: fc.oneof(fc.integer(), fc.double(), anyText),
  },
  { requiredKeys: [] },
);

const metaValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant({ values: { a: ["class", "Nope"] } }),
  fc.constant({ values: ["custom", "x"] }),
  fc.constant({ referentialEqualities: { a: ["b"] } }),
  fc.record({ values: fc.dictionary(fc.string({ maxLength: 8 }), fc.tuple(fc.constantFrom("undefined", "Date", "map", "set", "regexp", "bigint", "class", "symbol", "number", "error", "URL"))) }),
);

const envelope = fc.oneof(
  fc.record({ json: fc.oneof(nearInput, fc.jsonValue({ maxDepth: 5 })) }, { requiredKeys: [] }),
  fc.record({ json: fc.oneof(nearInput, fc.jsonValue({ maxDepth: 3 })), meta: metaValue }),
  fc.jsonValue({ maxDepth: 4 }),
);

const deep = fc.integer({ min: 10, max: 5000 }).map((n) => `{"json":${"[".repeat(n)}${"]".repeat(n)}}`);

const body: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: envelope.map((e) => JSON.stringify(e)), weight: 5 },
  { arbitrary: fc.array(envelope, { maxLength: 30 }).map((items) => JSON.stringify(Object.fromEntries(items.map((item, i) => [i, item])))), weight: 3 },
  { arbitrary: envelope.chain((e) => fc.nat().map((n) => JSON.stringify(e).slice(0, Math.max(1, n % 60)))), weight: 2 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: anyText, weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
).map((b) => (b === undefined ? b : capped(b)));

const batchPath = fc.array(fc.oneof(fc.constantFrom(...PROCEDURES), fc.constant(""), printable.map(percentEncode)), { minLength: 0, maxLength: 40 }).map((p) => p.join(","));

const pathArb = fc.oneof(
  { arbitrary: fc.constantFrom(...PROCEDURES).map((p) => `/api/trpc/${p}`), weight: 6 },
  { arbitrary: batchPath.map((p) => `/api/trpc/${p}?batch=1`), weight: 4 },
  { arbitrary: printable.map((p) => `/api/trpc/${percentEncode(p)}`), weight: 2 },
  { arbitrary: fc.constantFrom("/api/trpc/auth.me%00", "/api/trpc/%E0%A4%A", "/api/trpc/%", "/api/trpc/..%2F..%2Fetc", "/api/trpc/auth.login/../admin.users.list", "/api/trpc/__proto__", "/api/trpc/auth.constructor"), weight: 1 },
  { arbitrary: fc.constantFrom("/", "/login", "/admin", "/audit", "/sessions", "/unauthorized", "/api/health", "/.well-known/jwks.json", "/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signout", "/api/auth/callback/credentials", "/login?reason=%00"), weight: 2 },
  { arbitrary: printable.map((p) => `/${percentEncode(p)}`), weight: 1 },
  { arbitrary: printable.map((p) => `/api/auth/${percentEncode(p)}`), weight: 1 },
);

const query = fc.oneof(
  fc.constant(""),
  envelope.map((e) => `input=${percentEncode(JSON.stringify(e))}`),
  body.map((b) => `input=${percentEncode(b ?? "")}`),
  fc.constant("batch=1"),
  fc.constant("batch=1&input=%7B%220%22%3A%7B%7D%7D"),
);

const headerValue = printable.map((v) => v.replace(/[^\x20-\x7e]/g, "").trim());

const tokenFor = (tokens: Tokens) =>
  fc.oneof(
    fc.constant(""),
    headerValue.map((v) => `Bearer ${v}`),
    fc.constant(`Bearer ${tokens.access}`),
    fc.constant(`Bearer ${tokens.access}==`),
    fc.constant(`Bearer ${tokens.access.slice(0, -2)}`),
    fc.nat().map((n) => `Bearer ${tokens.access.slice(0, n % tokens.access.length)}x${tokens.access.slice((n % tokens.access.length) + 1)}`),
    fc.constant(`Bearer eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: "x", sid: "y" })).toString("base64url")}.`),
    fc.constant("Basic YWRtaW46YWRtaW4="),
    fc.constant(`Bearer ${"a".repeat(8000)}`),
  );

const requestFor = (tokens: Tokens): fc.Arbitrary<RawRequest> =>
  fc
    .record({
      method: fc.constantFrom("GET", "GET", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"),
      path: pathArb,
      query,
      body,
      contentType: fc.constantFrom("application/json", "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""),
      authorization: tokenFor(tokens),
      cookie: fc.oneof(fc.constant(""), fc.constant(tokens.cookie), headerValue.map((v) => `rotor.session-token=${v}`), fc.constant(`${tokens.cookie.slice(0, -4)}AAAA`)),
      origin: fc.constantFrom("", "null", "https://evil.example"),
      secFetchSite: fc.constantFrom("", "same-origin", "cross-site", "none", "bogus"),
      trpcAccept: fc.constantFrom("", "", "application/jsonl", "text/event-stream"),
      forwardedFor: fc.oneof(fc.constant(""), headerValue, fc.ipV4()),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.contentType) headers["content-type"] = r.contentType;
      if (r.authorization) headers.authorization = r.authorization;
      if (r.cookie) headers.cookie = r.cookie;
      if (r.origin) headers.origin = r.origin;
      if (r.secFetchSite) headers["sec-fetch-site"] = r.secFetchSite;
      if (r.trpcAccept) headers["trpc-accept"] = r.trpcAccept;
      if (r.forwardedFor) headers["x-forwarded-for"] = r.forwardedFor;
      const separator = r.path.includes("?") ? "&" : "?";
      const sendsBody = r.body !== undefined && !["GET", "HEAD"].includes(r.method);
      return {
        method: r.method,
        path: capped(r.query ? `${r.path}${separator}${r.query}` : r.path),
        headers,
        ...(sendsBody ? { body: Buffer.from(r.body!, "utf8") } : {}),
      };
    });

/**
 * The corpus for one seed, generated in chunks while it is sent (chunk k uses seed + k * CHUNK), so the
 * test holds about CHUNK requests at a time instead of all of them. Generating all 10,000 up front took
 * 60-80 s and over 1 GB of heap before the first request, and a seed with a heavier corpus pushed a loaded
 * CI machine into the 600 s safety net.
 */
function* generateRequests(tokens: Tokens, runs: number, seed: number): Generator<RawRequest> {
  for (let start = 0; start < runs; start += CHUNK) {
    yield* fc.sample(requestFor(tokens), { numRuns: Math.min(CHUNK, runs - start), seed: seed + start });
  }
}

// --- checks -----------------------------------------------------------------------------------------

interface ErrorItem {
  error?: { json?: { message?: unknown; code?: unknown; data?: { code?: unknown; httpStatus?: unknown; errorCode?: unknown } } };
  result?: unknown;
}

function checkTrpcItem(item: unknown): string | null {
  if (typeof item !== "object" || item === null) return "item is not an object";
  const { error, result } = item as ErrorItem;
  if (result !== undefined && error === undefined) return null;
  const json = error?.json;
  if (!json) return "neither result nor error.json";
  if (typeof json.message !== "string" || !ALLOWED_MESSAGES.has(json.message)) return `message not fixed: ${String(json.message).slice(0, 120)}`;
  if (typeof json.code !== "number") return "no numeric code";
  const data = json.data;
  if (typeof data?.code !== "string" || typeof data.httpStatus !== "number") return "no data.code/httpStatus";
  if (typeof data.errorCode !== "string" || !/^[A-Z_]+$/.test(data.errorCode)) return `no stable errorCode: ${String(data.errorCode)}`;
  return null;
}

/**
 * Other /api errors (next-auth's edge, health): Rotor's fixed `{ error: { message, errorCode } }`, the web
 * host's tRPC-shaped refusal, or next-auth's `{ url }`.
 */
function checkOtherApiError(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 120)}`;
  }
  const value = parsed as { url?: unknown; error?: { errorCode?: unknown } };
  if (typeof value.url === "string" || typeof value.error?.errorCode === "string") return null;
  // The web host's refusals (405, undecodable path) use the tRPC envelope on every path.
  return checkTrpcItem(parsed) ? `unexpected error body: ${body.slice(0, 120)}` : null;
}

function check(request: RawRequest, response: RawResponse): string | null {
  if (response.status >= 500) return `status ${response.status}`;
  // Redirects (Next's trailing-slash 308, next-auth's 302s) carry only their target.
  if (response.status >= 300 && response.status < 400) return null;
  const path = request.path.split("?")[0]!;
  if (!path.startsWith("/api/")) return null;
  if (LEAKS.test(response.body)) return `internal text: ${response.body.slice(0, 200)}`;
  if (request.method === "HEAD" || response.body === "") return null;
  if (!path.startsWith("/api/trpc")) return response.status >= 400 ? checkOtherApiError(response.body) : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `not JSON: ${response.body.slice(0, 120)}`;
  }
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    const problem = checkTrpcItem(item);
    if (problem) return problem;
  }
  return null;
}

// --- the run ----------------------------------------------------------------------------------------

let app: E2eServer;
let tokens: Tokens;
beforeAll(async () => {
  app = await startE2eServer({ API_MAX_BODY_BYTES: "16384" });
  const who = DEMO_CREDENTIALS.acmeAdmin;
  const login = await rawRequest(app.url, jsonPost("/api/trpc/auth.login", { tenant: who.tenant, email: who.email, password: who.password }));
  const pair = (JSON.parse(login.body) as { result: { data: { json: { accessToken: string; refreshToken: string } } } }).result.data.json;
  const { webSessionCookie } = await import("./support/http-probe");
  tokens = { access: pair.accessToken, refresh: pair.refreshToken, cookie: await webSessionCookie(app.url, who) };
});
afterAll(async () => {
  await app?.stop();
});

describe("fuzzing the production build", () => {
  it(`survives ${RUNS} malformed requests with no 5xx and only stable error bodies`, async () => {
    console.log(`[fuzz] seed ${SEED}, ${RUNS} requests`);
    const requests = generateRequests(tokens, RUNS, SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    // The slowest answers are printed: a fuzz run that takes long should say which requests cost the time.
    const slowest: { ms: number; what: string }[] = [];
    let next = 0;
    const began = performance.now();
    const worker = async () => {
      // One shared generator: workers take turns, so each request is sent exactly once.
      for (let item = requests.next(); !item.done; item = requests.next()) {
        const index = next++;
        const request = item.value;
        if (index % 250 === 0) console.log(`[fuzz] ${index} sent after ${Math.round(performance.now() - began)} ms`);
        let response: RawResponse;
        const started = performance.now();
        try {
          response = await rawRequest(app.url, request);
        } catch (error) {
          failures.push(`${request.method} ${request.path.slice(0, 120)}: no answer (${(error as Error).message})`);
          continue;
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        slowest.push({ ms: Math.round(performance.now() - started), what: `${request.method} ${request.path.slice(0, 100)} (${request.body?.length ?? 0} B) -> ${response.status}` });
        if (slowest.length > 40) slowest.sort((a, b) => b.ms - a.ms).splice(20);
        const problem = check(request, response);
        if (problem) failures.push(`${request.method} ${request.path.slice(0, 120)} -> ${response.status}: ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`[fuzz] all answered after ${Math.round(performance.now() - began)} ms`);
    console.log(`[fuzz] slowest:\n${slowest.sort((a, b) => b.ms - a.ms).slice(0, 10).map((s) => `  ${s.ms} ms ${s.what}`).join("\n")}`);
    console.log(`[fuzz] statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 25), `${failures.length} failures (seed ${SEED})`).toEqual([]);

    // Healthy afterwards: health, a fresh sign-in and a call with its token.
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    console.log(`[fuzz] health after ${Math.round(performance.now() - began)} ms`);
    const who = DEMO_CREDENTIALS.acmeUser;
    const login = await rawRequest(app.url, jsonPost("/api/trpc/auth.login", { tenant: who.tenant, email: who.email, password: who.password }));
    expect(login.status).toBe(200);
    console.log(`[fuzz] login after ${Math.round(performance.now() - began)} ms`);
    const { accessToken } = (JSON.parse(login.body) as { result: { data: { json: { accessToken: string } } } }).result.data.json;
    expect((await rawRequest(app.url, { path: "/api/trpc/auth.me", headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    console.log(`[fuzz] me after ${Math.round(performance.now() - began)} ms`);
    // Nothing was logged as an internal error while fuzzing.
    expect(app.server.output()).not.toMatch(/\[trpc\]|\[rotor\] request failed/);
    console.log(`[fuzz] output checked after ${Math.round(performance.now() - began)} ms`);
    // A safety net only: ~3 minutes on a 2-core machine at load average 10.
  }, 600_000);
});
