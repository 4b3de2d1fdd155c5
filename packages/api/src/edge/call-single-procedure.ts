// The common call, one query (GET) or one mutation (POST, JSON body) that is not batched, answered with
// tRPC's own building blocks (procedure lookup, the router's transformer, the procedure with its
// middlewares, the error shape, the response transform) but without its fetch round trip. In a profile of
// auth.refresh that round trip (a fetch Request per call, Web streams for both bodies, three AbortSignals,
// resolveResponse's batch machinery) cost ~0.7 ms of CPU per call: more than the rotation itself.
//
// What this answers is what fetchRequestHandler answers for the same call: same status, same body, same
// headers (handle-api-request.test.ts compares the two, call by call). Everything else (batches, HEAD, a
// method that does not match the procedure, an unknown path, another content type) returns null, and the
// caller hands the request to fetchRequestHandler, which owns those answers.
import type { TRPCError } from "@trpc/server";
import type { ApiContext } from "../context.ts";
import type { AppRouter } from "../root.ts";
import { mediaTypeOf } from "./api-request.ts";
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  type TRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";

export interface SingleCall {
  router: AppRouter;
  method: string;
  /** The procedure path, as the URL gave it (percent-decoded). */
  path: string;
  /** The request's content-type header, if any. */
  contentType: string | null;
  /** The call's input as parsed JSON (the GET `input` parameter or the POST body); undefined when there is none. */
  input: unknown;
  createContext: () => ApiContext | Promise<ApiContext>;
  onError?: (error: TRPCError, path: string) => void;
  /** The headers every answer carries besides tRPC's own (the edge's cache and retry headers). */
  headers: (errors: readonly TRPCError[]) => Record<string, string>;
}

export interface SingleCallAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Which procedure type each method calls without tRPC's method override (which Rotor leaves off). */
const TYPE_OF_METHOD: Record<string, "query" | "mutation" | undefined> = { GET: "query", POST: "mutation" };

/** A path tRPC could only answer with NOT_FOUND, or a prototype key, never reaches the lookup here. */
const PROCEDURE_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

export async function callSingleProcedure(call: SingleCall): Promise<SingleCallAnswer | null> {
  const type = TYPE_OF_METHOD[call.method];
  if (!type || (call.method === "POST" && mediaTypeOf(call.contentType) !== "application/json") || call.path.length > 200 || !PROCEDURE_PATH.test(call.path)) return null;
  const procedure = await getProcedureAtPath(call.router, call.path);
  if (typeof procedure !== "function" || procedure._def.type !== type) return null;

  const config = call.router._def._config;
  const deserialize = (value: unknown): unknown => config.transformer.input.deserialize(value);
  // As tRPC does: the input is deserialised when a middleware first asks for it, and only a successful
  // deserialisation is reported as the call's input (to the error formatter and onError).
  let deserialized: { value: unknown } | undefined;
  const getRawInput = async () => {
    if (call.input === undefined) return undefined;
    deserialized ??= { value: deserialize(call.input) };
    return deserialized.value;
  };
  let ctx: ApiContext | undefined;
  let response: TRPCResponse;
  let errors: TRPCError[] = [];
  try {
    const context = call.createContext();
    // Awaited only when it is a promise: the hosts build the context synchronously, and an await costs a promise.
    ctx = context instanceof Promise ? await context : context;
    response = { result: { data: await procedure({ path: call.path, getRawInput, ctx, type, signal: undefined, batchIndex: 0 }) } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    errors = [error];
    call.onError?.(error, call.path);
    response = { error: getErrorShape({ config, ctx, error, input: deserialized?.value, path: call.path, type }) };
  }
  return {
    status: getHTTPStatusCode([response], errors),
    headers: { vary: "trpc-accept, accept", "content-type": "application/json", ...call.headers(errors) },
    body: JSON.stringify(transformTRPCResponse(config, response)),
  };
}
