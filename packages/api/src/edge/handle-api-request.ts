// The HTTP edge of /api/trpc over the fetch API: every bound is checked before tRPC sees the request, and
// every response carries the cache and retry headers. The web app's route handler calls this with its fetch
// Request; the web host (a Node server) with nodeApiRequest's form, read straight from the IncomingMessage.
//
// Order matters: cheap checks first (method, batch length from the URL, declared length), then the body is
// read with a hard byte cap, parsed once and its nesting depth checked, all before tRPC parses it again
// (cheap at these sizes) and superjson walks it.
import { fetchRequestHandler, type FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { getErrorShape, getHTTPStatusCodeFromError, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import type { ApiContext } from "../context.ts";
import { appRouter } from "../root.ts";
import { RateLimitedError } from "../rate-limit.ts";
import { ApiError, isApiError } from "./api-error.ts";
import { fetchApiRequest, type ApiRequest } from "./api-request.ts";
import type { ApiLimits } from "./api-limits.ts";
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
  createContext: (options: FetchCreateContextFnOptions) => ApiContext | Promise<ApiContext>;
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

/** A response in exactly the shape tRPC gives its own errors, built through the router's error formatter. */
export function apiErrorResponse(error: ApiError, extraHeaders: Record<string, string> = {}): Response {
  const trpcError = new TRPCError({ code: error.trpcCode, message: error.message, cause: error });
  const config = appRouter._def._config;
  const shape = getErrorShape({ config, error: trpcError, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  const headers: Record<string, string> = { "content-type": "application/json", ...NO_STORE_HEADERS, ...extraHeaders };
  if (error.retryAfterMs !== null) headers["retry-after"] = retryAfterSeconds(error.retryAfterMs);
  return new Response(JSON.stringify(transformTRPCResponse(config, { error: shape })), {
    status: getHTTPStatusCodeFromError(trpcError),
    headers,
  });
}

function checkJson(text: string | null, limits: ApiLimits): ApiError | null {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new ApiError("INVALID_JSON");
  }
  return exceedsJsonDepth(parsed, limits.maxInputDepth) ? new ApiError("INPUT_TOO_DEEP") : null;
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

/** Checks the request against the limits; returns the request tRPC should see, or the refusal. */
async function boundRequest(req: ApiRequest, endpoint: string, limits: ApiLimits): Promise<Request | ApiError> {
  if (!ALLOWED_METHODS.includes(req.method)) return new ApiError("METHOD_NOT_ALLOWED");
  const { url } = req;
  if (!url) return new ApiError("INVALID_INPUT");
  if (!isDecodable(url.pathname)) return new ApiError("PROCEDURE_NOT_FOUND");
  if (url.searchParams.get("batch") === "1") {
    const paths = url.pathname.slice(endpoint.length).split(",").length;
    if (paths > limits.maxBatchSize) return new ApiError("BATCH_TOO_LARGE");
  }
  if (req.method !== "POST") return checkJson(url.searchParams.get("input"), limits) ?? trpcRequest(req, url, null);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > limits.maxBodyBytes) return new ApiError("BODY_TOO_LARGE");
  const body = await req.readBody(limits.maxBodyBytes);
  if (body === null) return new ApiError("BODY_TOO_LARGE");
  return checkJson(body, limits) ?? trpcRequest(req, url, body || null);
}

export async function handleApiRequest(options: HandleApiRequestOptions): Promise<Response> {
  const { limits } = options;
  const req = "readBody" in options.req ? options.req : fetchApiRequest(options.req);
  // A body that fails to arrive (client gone, a stream that errors) is answered like any unreadable input.
  const bounded = await boundRequest(req, options.endpoint, limits).catch(() => new ApiError("INVALID_INPUT"));
  if (bounded instanceof ApiError) {
    return apiErrorResponse(bounded, bounded.code === "METHOD_NOT_ALLOWED" ? { allow: ALLOWED_METHODS.join(", ") } : {});
  }
  return fetchRequestHandler({
    endpoint: options.endpoint,
    req: bounded,
    router: appRouter,
    maxBatchSize: limits.maxBatchSize,
    createContext: options.createContext,
    responseMeta({ errors }) {
      const headers: Record<string, string> = { ...NO_STORE_HEADERS };
      const retryAfterMs = Math.max(0, ...errors.map((error) => retryAfterMsOf(error.cause) ?? 0));
      if (retryAfterMs > 0) headers["retry-after"] = retryAfterSeconds(retryAfterMs);
      return { headers };
    },
    onError({ error, path }) {
      options.onError?.(error, path);
    },
  });
}
