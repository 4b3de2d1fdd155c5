// The common call, one query (GET) or one mutation (POST, JSON body) that is not batched, answered with
// tRPC's own building blocks (the router's procedure table and transformer, the error shape, the status
// codes) and the procedure's middlewares run as tRPC runs them (run-procedure.ts), but without its fetch
// round trip. In a profile of
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
import { runProcedure } from "./run-procedure.ts";
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  type AnyProcedure,
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

/**
 * The answer, or null when the call is not one this answers (then at once, so the caller goes on to tRPC's
 * fetch adapter). Not an async function, nor are the steps below it: each await costs a promise, and on
 * Node 20 every promise also runs the AsyncLocalStorage hooks Next.js enables.
 */
export function callSingleProcedure(call: SingleCall): Promise<SingleCallAnswer> | null {
  const type = TYPE_OF_METHOD[call.method];
  if (!type || (call.method === "POST" && mediaTypeOf(call.contentType) !== "application/json") || call.path.length > 200 || !PROCEDURE_PATH.test(call.path)) return null;
  // The router's flat table, where getProcedureAtPath looks first. A procedure not in it yet (a lazy router
  // not loaded) is left to tRPC's fetch adapter, which loads it.
  const procedures = call.router._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
  const procedure = Object.hasOwn(procedures, call.path) ? procedures[call.path] : undefined;
  if (typeof procedure !== "function" || procedure._def.type !== type) return null;

  const config = call.router._def._config;
  const deserialize = (value: unknown): unknown => config.transformer.input.deserialize(value);
  const serialize = (value: unknown): unknown => config.transformer.output.serialize(value);
  // As tRPC does: the input is deserialised when a middleware first asks for it, and only a successful
  // deserialisation is reported as the call's input (to the error formatter and onError).
  let deserialized: { value: unknown } | undefined;
  const getRawInput = async () => {
    if (call.input === undefined) return undefined;
    deserialized ??= { value: deserialize(call.input) };
    return deserialized.value;
  };
  let ctx: ApiContext | undefined;
  const failed = (cause: unknown): SingleCallAnswer => {
    const error = getTRPCErrorFromUnknown(cause);
    call.onError?.(error, call.path);
    const response = { error: getErrorShape({ config, ctx, error, input: deserialized?.value, path: call.path, type }) };
    return answer(getHTTPStatusCode([response], [error]), call.headers([error]), { error: serialize(response.error) });
  };
  // What tRPC's transformTRPCResponse builds for one result, without its three object spreads (~1% of the
  // web host's CPU per auth.refresh in a profile).
  const succeeded = (data: unknown): SingleCallAnswer =>
    answer(getHTTPStatusCode([{ result: { data } }], []), call.headers([]), { result: { data: serialize(data) } });
  const run = (context: ApiContext): Promise<SingleCallAnswer> => {
    ctx = context;
    return runProcedure(procedure, { path: call.path, getRawInput, ctx, type, signal: undefined, batchIndex: 0 }).then(succeeded, failed);
  };
  let context: ApiContext | Promise<ApiContext>;
  try {
    context = call.createContext();
  } catch (cause) {
    return Promise.resolve(failed(cause));
  }
  // The hosts build the context synchronously; a promise of one is waited for.
  return context instanceof Promise ? context.then(run, failed) : run(context);
}

function answer(status: number, headers: Record<string, string>, envelope: unknown): SingleCallAnswer {
  return { status, headers: { vary: "trpc-accept, accept", "content-type": "application/json", ...headers }, body: JSON.stringify(envelope) };
}
