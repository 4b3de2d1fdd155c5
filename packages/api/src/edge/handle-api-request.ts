// The HTTP edge of /api/trpc over the fetch API: every bound is checked before tRPC sees the request, and
// every response carries the cache and retry headers. The web app's route handler calls this with its fetch
// Request; the web host (a Node server) with nodeApiRequest's form, read straight from the IncomingMessage.
//
// Order matters: cheap checks first (method, batch length from the URL, declared length), then the body is
// read with a hard byte cap, parsed once and its nesting depth checked, all before tRPC sees it and superjson
// walks it. A single query or mutation is then answered straight from that parse (call-single-procedure.ts);
// batches and everything unusual go through tRPC's fetch adapter, which parses again (cheap at these sizes).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { getErrorShape, getHTTPStatusCodeFromError, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import type { ApiContext } from "../context.ts";
import { appRouter } from "../root.ts";
import { RateLimitedError } from "../rate-limit.ts";
import { ApiError, isApiError } from "./api-error.ts";
import { fetchApiRequest, type ApiRequest } from "./api-request.ts";
import type { ApiLimits } from "./api-limits.ts";
import { callSingleProcedure } from "./call-single-procedure.ts";
import { exceedsJsonDepth } from "./json-depth.ts";

export interface HandleApiRequestOptions {
  /**
   * A fetch Request (route handlers, tests) or the host-neutral form, which a Node host builds without a
   * Request of its own (nodeApiRequest).
   */
  req: Request | ApiRequest;
  /** Where tRPC is mounted, e.g. `/api/trpc`. */
  endpoint: string;
  limits: ApiLimits;
  createContext: () => ApiContext | Promise<ApiContext>;
  /** Called for internal errors (logging); clients never see their text. */
  onError?: (error: TRPCError, path: string | undefined) => void;
}

/** Methods tRPC serves; HEAD is answered by tRPC itself (204). */
const ALLOWED_METHODS = ["GET", "POST", "HEAD"];

/** Every /api/trpc response may carry a token or session data: never cache it anywhere. */
const NO_STORE_HEADERS = { "cache-control": "no-store", pragma: "no-cache" } as const;

function retryAfterMsOf(cause: unknown): number | null {
  if (cause instanceof RateLimitedError) return cause.retryAfterMs;
  if (isApiError(cause)) return cause.retryAfterMs;
  return null;
}

/** `Retry-After` in whole seconds (RFC 9110 10.2.3), at least 1. */
function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/** An answer as plain data, what a Node host writes as it is; fetch-style hosts take `responseOf(answer)`. */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Statuses whose Response must not have a body (tRPC answers HEAD with 204). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function responseOf(answer: ApiAnswer): Response {
  const headers = new Headers();
  for (const [key, value] of Object.entries(answer.headers)) for (const one of [value].flat()) headers.append(key, one);
  return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, { status: answer.status, headers });
}

async function answerOf(response: Response): Promise<ApiAnswer> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  return { status: response.status, headers, body: await response.text() };
}

/** An answer in exactly the shape tRPC gives its own errors, built through the router's error formatter. */
export function apiErrorAnswer(error: ApiError, extraHeaders: Record<string, string> = {}): ApiAnswer {
  const trpcError = new TRPCError({ code: error.trpcCode, message: error.message, cause: error });
  const config = appRouter._def._config;
  const shape = getErrorShape({ config, error: trpcError, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  const headers = { "content-type": "application/json", ...edgeHeaders([trpcError]), ...extraHeaders };
  return { status: getHTTPStatusCodeFromError(trpcError), headers, body: JSON.stringify(transformTRPCResponse(config, { error: shape })) };
}

export function apiErrorResponse(error: ApiError, extraHeaders: Record<string, string> = {}): Response {
  return responseOf(apiErrorAnswer(error, extraHeaders));
}

/** What the edge adds to every tRPC answer: no caching, and Retry-After when a call was refused for a while. */
export function edgeHeaders(errors: readonly TRPCError[]): Record<string, string> {
  const headers: Record<string, string> = { ...NO_STORE_HEADERS };
  const retryAfterMs = Math.max(0, ...errors.map((error) => retryAfterMsOf(error.cause) ?? 0));
  if (retryAfterMs > 0) headers["retry-after"] = retryAfterSeconds(retryAfterMs);
  return headers;
}

/** The JSON the call carries (undefined when it carries none), or why it is refused. */
function parseInput(text: string | null, limits: ApiLimits): { input: unknown } | ApiError {
  if (!text) return { input: undefined };
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return new ApiError("INVALID_JSON");
  }
  return exceedsJsonDepth(input, limits.maxInputDepth) ? new ApiError("INPUT_TOO_DEEP") : { input };
}

/**
 * The headers tRPC sees. Rotor's clients never ask for tRPC's streamed (jsonl) answers, whose status is
 * 200 whatever happens inside; without these headers tRPC answers plainly. The body was re-encoded, so
 * its length is the new body's, not the declared one.
 */
function forwardedHeaders(headers: Headers): Headers {
  const plain = new Headers(headers);
  plain.delete("trpc-accept");
  plain.delete("accept");
  plain.delete("content-length");
  return plain;
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The one fetch Request per call: tRPC's fetch adapter needs it; built only after every bound passed. */
function trpcRequest(req: ApiRequest, url: URL, body: string | null): Request {
  return new Request(url, { method: req.method, headers: forwardedHeaders(req.headers), body, ...(req.signal ? { signal: req.signal } : {}) });
}

/** A request within every bound, with its input parsed once. */
interface Bounded {
  url: URL;
  /** The POST body as read, for tRPC's fetch adapter. */
  body: string | null;
  input: unknown;
}

/**
 * Checks the request against the limits; returns it read and parsed, or the refusal: at once when nothing
 * needs waiting for (a GET, a body already in hand), else a promise. Every await costs a promise, and on
 * Node 20 each promise also runs the AsyncLocalStorage hooks Next.js enables.
 */
function boundRequest(req: ApiRequest, endpoint: string, limits: ApiLimits): Bounded | ApiError | Promise<Bounded | ApiError> {
  if (!ALLOWED_METHODS.includes(req.method)) return new ApiError("METHOD_NOT_ALLOWED");
  const { url } = req;
  if (!url) return new ApiError("INVALID_INPUT");
  if (!isDecodable(url.pathname)) return new ApiError("PROCEDURE_NOT_FOUND");
  if (url.searchParams.get("batch") === "1") {
    const paths = url.pathname.slice(endpoint.length).split(",").length;
    if (paths > limits.maxBatchSize) return new ApiError("BATCH_TOO_LARGE");
  }
  if (req.method !== "POST") {
    const parsed = parseInput(url.searchParams.get("input"), limits);
    return parsed instanceof ApiError ? parsed : { url, body: null, input: parsed.input };
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > limits.maxBodyBytes) return new ApiError("BODY_TOO_LARGE");
  const body = req.readBody(limits.maxBodyBytes);
  return body instanceof Promise ? body.then((text) => boundBody(url, text, limits)) : boundBody(url, body, limits);
}

function boundBody(url: URL, body: string | null, limits: ApiLimits): Bounded | ApiError {
  if (body === null) return new ApiError("BODY_TOO_LARGE");
  const parsed = parseInput(body, limits);
  return parsed instanceof ApiError ? parsed : { url, body: body || null, input: parsed.input };
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, "");

/** The procedure path, as tRPC's fetch adapter derives it from the URL (the edge checked it decodes). */
function procedurePath(url: URL, endpoint: string): string {
  return decodeURIComponent(trimSlashes(trimSlashes(url.pathname).slice(trimSlashes(endpoint).length)));
}

/** The edge for Node hosts: the answer as plain data. */
export function answerApiRequest(options: HandleApiRequestOptions): Promise<ApiAnswer> {
  const req = "readBody" in options.req ? options.req : fetchApiRequest(options.req);
  // A body that fails to arrive (client gone, a stream that errors) is answered like any unreadable input.
  const unreadable = () => answerBounded(options, req, new ApiError("INVALID_INPUT"));
  let bounded: ReturnType<typeof boundRequest>;
  try {
    bounded = boundRequest(req, options.endpoint, options.limits);
  } catch {
    return unreadable();
  }
  return bounded instanceof Promise ? bounded.then((b) => answerBounded(options, req, b), unreadable) : answerBounded(options, req, bounded);
}

function answerBounded(options: HandleApiRequestOptions, req: ApiRequest, bounded: Bounded | ApiError): Promise<ApiAnswer> {
  if (bounded instanceof ApiError) {
    return Promise.resolve(apiErrorAnswer(bounded, bounded.code === "METHOD_NOT_ALLOWED" ? { allow: ALLOWED_METHODS.join(", ") } : {}));
  }
  if (bounded.url.searchParams.get("batch") !== "1") {
    const single = callSingleProcedure({
      router: appRouter,
      method: req.method,
      path: procedurePath(bounded.url, options.endpoint),
      contentType: req.headers.get("content-type"),
      input: bounded.input,
      createContext: options.createContext,
      headers: edgeHeaders,
      ...(options.onError ? { onError: options.onError } : {}),
    });
    if (single) return single;
  }
  return answerThroughFetchAdapter(options, req, bounded);
}

/** Batches and everything the single-call path hands back: tRPC's fetch adapter with its one Request. */
async function answerThroughFetchAdapter(options: HandleApiRequestOptions, req: ApiRequest, bounded: Bounded): Promise<ApiAnswer> {
  const response = await fetchRequestHandler({
    endpoint: options.endpoint,
    req: trpcRequest(req, bounded.url, bounded.body),
    router: appRouter,
    maxBatchSize: options.limits.maxBatchSize,
    createContext: options.createContext,
    responseMeta: ({ errors }) => ({ headers: edgeHeaders(errors) }),
    onError({ error, path }) {
      options.onError?.(error, path);
    },
  });
  return answerOf(response);
}

/** The edge for fetch-style hosts (route handlers, tests). */
export async function handleApiRequest(options: HandleApiRequestOptions): Promise<Response> {
  return responseOf(await answerApiRequest(options));
}
