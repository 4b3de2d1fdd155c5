// The only place that calls initTRPC: context type, error shape and the procedure builders.
// Typed service errors become tRPC errors here, once, so routers stay thin and the wire contract
// (error.data.authCode / errorCode) is the same for every procedure.
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { isAuthError, isNotFoundError, type AuthRole, type AuthSubject } from "@rotor/auth";
import { isTransientDatabaseError } from "@rotor/db";
import type { ApiContext } from "./context.ts";
import { ApiError, isApiError } from "./edge/api-error.ts";
import { apiTransformer } from "./edge/input-transformer.ts";
import { publicErrorOf } from "./edge/public-error.ts";

const t = initTRPC.context<ApiContext>().create({
  transformer: apiTransformer,
  // Never ship stacks or driver messages to clients, in any environment.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const described = publicErrorOf(error);
    return {
      message: described.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        // Only a real procedure path is echoed; anything else the client sent is not repeated back.
        path: typeof shape.data.path === "string" && /^[A-Za-z][A-Za-z0-9.]{0,99}$/.test(shape.data.path) ? shape.data.path : null,
        authCode: isAuthError(cause) ? cause.code : null,
        errorCode: described.errorCode,
        retryAfterMs: described.retryAfterMs,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Maps the services' typed errors onto tRPC codes; a transient database failure becomes a 503; anything else
 * stays an internal error. A `then` on next(), not an async function around an await: every call runs this,
 * and each promise also pays for the AsyncLocalStorage hooks Next.js enables (Node 20 and 22).
 */
const mapServiceErrors = t.middleware(({ next }) =>
  next().then((result) => {
    if (!result.ok) throwMapped(result.error);
    return result;
  }),
);

/** Throws the error a service failure maps to; returns when it maps to nothing (it stays as it is). */
function throwMapped(error: TRPCError): void {
  const cause = error.cause;
  if (isAuthError(cause)) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
  }
  if (isNotFoundError(cause)) {
    throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
  }
  if (isApiError(cause)) {
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR" && isTransientDatabaseError(cause)) {
    const unavailable = new ApiError("SERVICE_UNAVAILABLE", { cause });
    throw new TRPCError({ code: unavailable.trpcCode, message: unavailable.message, cause: unavailable });
  }
}

export const publicProcedure = t.procedure.use(mapServiceErrors);

/** Resolves the caller before the procedure body runs, so TOKEN_EXPIRED never follows a side effect. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth: AuthSubject = await ctx.authenticate();
  return next({ ctx: { ...ctx, auth } });
});

export function roleProcedure(...roles: AuthRole[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.auth.role)) throw new ApiError("INSUFFICIENT_ROLE");
    return next();
  });
}
