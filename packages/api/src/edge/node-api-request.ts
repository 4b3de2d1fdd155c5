// A Node IncomingMessage in the edge's form (ApiRequest), read straight from the message. tRPC's
// incomingMessageToRequest builds a fetch Request with a Web ReadableStream body and an AbortSignal wired to
// the response; the edge then reads that stream and builds a second Request for tRPC. Under `auth.refresh`
// load that bridge was about a quarter of the web host's CPU (two undici Requests ~8-14% inclusive, three
// ReadableStreams, AbortSignal plumbing ~2%, incomingMessageToRequest alone 6%); here the body is read from
// the message's own events and the one Request the edge builds is the only one.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { ApiRequest } from "./api-request.ts";

/** The same Headers tRPC's node adapter builds: repeated headers Node keeps as arrays are appended one by one. */
function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const key in incoming) {
    if (key.startsWith(":")) continue; // HTTP/2 pseudo-headers
    const value = incoming[key];
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.append(key, value);
  }
  return headers;
}

/** Resolved as tRPC's node adapter does (scheme from the socket, authority from Host); null if no URL results. */
function urlOf(req: IncomingMessage): URL | null {
  const protocol = (req.socket as Partial<TLSSocket>).encrypted ? "https:" : "http:";
  try {
    return new URL(req.url ?? "/", `${protocol}//${req.headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
}

/**
 * The body, if it is all here already: undefined when it is not. A small body that came with its headers (a
 * refresh, a login: one TCP segment) was parsed in the same pass as them: by the time the handler's first
 * await resumes, the parser has pushed all of it into the message's buffer. With a Content-Length, "all" is
 * known (the parser never delivers more), so it is taken from the buffer with read(), without the four
 * listeners, the promise and the switch to flowing mode that the event path below costs per request.
 * A chunked body, or one still on its way, takes the event path.
 */
/** The body's chunks as one UTF-8 text (one chunk, the common case, without a copy). */
function textOf(chunks: Buffer[], total: number): string {
  return chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, total).toString("utf8");
}

function bufferedBody(req: IncomingMessage, maxBytes: number): string | null | undefined {
  const declared = req.headers["content-length"];
  if (declared === undefined || req.headers["transfer-encoding"] !== undefined || req.readableFlowing !== null) return undefined;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || req.readableLength !== length) return undefined;
  if (length > maxBytes) return null;
  const chunks: Buffer[] = [];
  for (let chunk = req.read() as Buffer | null; chunk !== null; chunk = req.read() as Buffer | null) chunks.push(chunk);
  return textOf(chunks, length);
}

function readBody(req: IncomingMessage, maxBytes: number, lookedAgain = false): string | null | Promise<string | null> {
  // Gone during the awaits before the read (services, limits): no event would come any more.
  if (req.destroyed) return Promise.reject(new Error("request closed before its body was read"));
  // All here already: answered at once, without a promise.
  const buffered = bufferedBody(req, maxBytes);
  if (buffered !== undefined) return buffered;
  // Read in the same tick as the headers (the edge reaches here without an await), a body that came with
  // them is not in the buffer yet: the parser pushes it once the 'request' handlers return. One microtask
  // later it is, and one `then` costs less than the event path's listeners, promise and flowing mode.
  if (!lookedAgain) return Promise.resolve().then(() => readBody(req, maxBytes, true));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onFail);
      req.off("close", onFail);
    };
    function onData(chunk: Buffer) {
      total += chunk.byteLength;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Over the cap: keep nothing more but leave the socket alone, so the 413 reaches the client. The
      // message stays flowing without listeners, so Node reads and drops the rest of the body.
      stop();
      req.resume();
      resolve(null);
    }
    function onEnd() {
      stop();
      resolve(textOf(chunks, total));
    }
    // The client left before the body ended ('close' without 'end'): the edge answers it as unreadable input.
    function onFail() {
      stop();
      reject(new Error("request body ended early"));
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onFail);
    req.on("close", onFail);
  });
}

/**
 * No AbortSignal: tRPC 11 passes `req.signal` only to procedures (and to the streamed answers the edge turns
 * off), and no Rotor procedure reads it, so wiring one to the response's 'close' would be paid per request
 * for nothing. A procedure that starts reading `signal` must add it here (see fetchApiRequest).
 */
export function nodeApiRequest(req: IncomingMessage): ApiRequest {
  return {
    method: req.method ?? "GET",
    url: urlOf(req),
    headers: headersOf(req.headers),
    readBody: (maxBytes) => readBody(req, maxBytes),
  };
}
