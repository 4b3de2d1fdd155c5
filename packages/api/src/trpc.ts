// The only place that calls initTRPC: context type, error shape and the procedure builders.
// Typed service errors become tRPC errors here, once, so routers stay thin and the wire contract
// (error.data.authCode) is the same for every procedure.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { isAuthError, isNotFoundError, type AuthRole, type AuthSubject } from "@rotor/auth";
import type { ApiContext } from "./context.ts";
import { RateLimitedError } from "./rate-limit.ts";

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  // Never ship stacks or driver messages to clients, in any environment.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal server error" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        authCode: isAuthError(cause) ? cause.code : null,
        errorCode: isNotFoundError(cause) || cause instanceof RateLimitedError ? cause.code : null,
        retryAfterMs: cause instanceof RateLimitedError ? cause.retryAfterMs : null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Maps the services' typed errors onto tRPC codes; anything else stays an internal error. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isAuthError(cause)) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
    }
    if (isNotFoundError(cause)) {
      throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapServiceErrors);

/** Resolves the caller before the procedure body runs, so TOKEN_EXPIRED never follows a side effect. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth: AuthSubject = await ctx.authenticate();
  return next({ ctx: { ...ctx, auth } });
});

export function roleProcedure(...roles: AuthRole[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.auth.role)) throw new TRPCError({ code: "FORBIDDEN", message: "Insufficient role" });
    return next();
  });
}
