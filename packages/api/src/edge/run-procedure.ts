// A procedure's middlewares run as tRPC runs them when it calls a procedure (createProcedureCaller and its
// callRecursive), for the single-call path: each middleware, in order, gets the call's options with the
// procedure's `meta`, the current `input` and a `next` that runs the one after it; `next(opts)` merges
// `opts.ctx` over the context and replaces `input` or `getRawInput` when given; a throw or a rejection at
// any level becomes `{ ok: false, error }` for the level above; the procedure answers the last result's
// data or throws its error. tRPC's published build spreads those option objects through a down-levelled
// helper (a key list, a symbol list and a defineProperty per key), twice per middleware, and wraps every
// level in an async function: ~3% of the web host's CPU per auth.refresh in a profile. Here the spreads are
// the engine's own and each level is one promise. call-single-procedure.test.ts holds the answers to
// fetchRequestHandler's (which calls the procedure itself), call by call.
import {
  getTRPCErrorFromUnknown,
  type AnyMiddlewareFunction,
  type AnyProcedure,
  type MiddlewareResult,
  type ProcedureCallOptions,
} from "@trpc/server/unstable-core-do-not-import";
import { TRPCError } from "@trpc/server";

type Result = MiddlewareResult<unknown>;
type Options = ProcedureCallOptions<unknown>;

/** What tRPC's procedure definitions hold at runtime beyond their published type. */
interface RuntimeDef {
  middlewares?: AnyMiddlewareFunction[];
  meta?: unknown;
  caller?: unknown;
}

const failure = (cause: unknown): Result => ({ ok: false, error: getTRPCErrorFromUnknown(cause), marker: "middlewareMarker" as Result["marker"] });

function runFrom(middlewares: AnyMiddlewareFunction[], meta: unknown, index: number, opts: Options): Promise<Result> {
  try {
    const result: Promise<Result> = middlewares[index]!({
      ...opts,
      meta,
      input: opts.input,
      next(nextOpts?: { ctx?: object; input?: unknown; getRawInput?: Options["getRawInput"] }) {
        return runFrom(middlewares, meta, index + 1, {
          ...opts,
          ctx: nextOpts?.ctx ? { ...(opts.ctx as object), ...nextOpts.ctx } : opts.ctx,
          input: nextOpts && "input" in nextOpts ? nextOpts.input : opts.input,
          getRawInput: nextOpts?.getRawInput ?? opts.getRawInput,
        });
      },
    });
    return Promise.resolve(result).then(undefined, failure);
  } catch (cause) {
    return Promise.resolve(failure(cause));
  }
}

export function runProcedure(procedure: AnyProcedure, opts: Options): Promise<unknown> {
  const def = procedure._def as unknown as RuntimeDef;
  // A procedure with a caller override (experimental_caller) or a shape this does not know is called as it is.
  if (def.caller || !Array.isArray(def.middlewares)) return procedure(opts);
  return runFrom(def.middlewares, def.meta, 0, opts).then(dataOf);
}

function dataOf(result: Result | undefined): unknown {
  if (!result) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "No result from middlewares - did you forget to `return next()`?" });
  if (!result.ok) throw result.error;
  return result.data;
}
