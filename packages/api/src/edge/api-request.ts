// The request as the edge (handleApiRequest) reads it, in a form any host can give without first building a
// fetch Request. A Node host hands over its IncomingMessage's parts (node-api-request.ts); a fetch-style host
// (the Next route, tests) wraps its Request (fetchApiRequest). Either way the edge builds exactly one fetch
// Request, the one tRPC's fetch adapter needs, and only once every bound has passed.
import { TRPCError } from "@trpc/server";

export interface ApiRequest {
  method: string;
  /** The absolute URL; null when the request names none (a Host header no URL can be made of). */
  url: URL | null;
  headers: Headers;
  /**
   * The body as UTF-8 text, read up to `maxBytes`; null as soon as it is longer (the rest is left unread, so
   * the connection can still carry the 413). Rejects when the body cannot be read (client gone). A host may
   * answer at once when the whole body is already in hand (a Node message with its body buffered).
   */
  readBody(maxBytes: number): string | null | Promise<string | null>;
  /** Aborts when the client leaves; tRPC hands it to procedures. */
  signal?: AbortSignal;
}

type ReadableStreamReadResultLike = { done: true; value?: undefined } | { done: false; value: Uint8Array };

/** The host's own cap (tRPC's node adapter `maxBodySize`) fails the stream rather than ending it. */
const isHostSizeCap = (error: unknown) => error instanceof TRPCError && error.code === "PAYLOAD_TOO_LARGE";

/** A fetch Request's body as UTF-8 text, read up to `maxBytes`; null as soon as it is longer. */
export async function readBoundedText(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  const read = (): Promise<ReadableStreamReadResultLike> => reader.read() as Promise<ReadableStreamReadResultLike>;
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResultLike;
    try {
      chunk = await read();
    } catch (error) {
      if (isHostSizeCap(error)) return null;
      throw error;
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      // Stop reading without destroying the socket, so the 413 still reaches the client; the host drops
      // the rest of the body (Node discards it, tRPC's node adapter stops at its own maxBodySize).
      reader.releaseLock();
      return null;
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A Content-Type header's media type, lower-cased, without parameters ("" when there is none). */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
}

/** A fetch Request in the edge's form (the Next route handler, tests, hosts using incomingMessageToRequest). */
export function fetchApiRequest(req: Request): ApiRequest {
  return {
    method: req.method,
    url: new URL(req.url),
    headers: req.headers,
    readBody: (maxBytes) => readBoundedText(req, maxBytes),
    signal: req.signal,
  };
}
