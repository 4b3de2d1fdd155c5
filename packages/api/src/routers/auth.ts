// auth.*: sign-in, rotation, sign-out and the caller's own sessions. Thin adapters over the token service.
import { z } from "zod";
import { isAuthError } from "@rotor/auth";
import { deviceToken, email, id, password, refreshToken, tenantSlug } from "../input/primitives.ts";
import { enforceLoginLimit, refreshWithinLimits } from "../rate-limit.ts";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc.ts";

export const authRouter = createTRPCRouter({
  // `deviceToken`: what an earlier successful sign-in of this client returned; it makes the client trusted
  // for the login limits (see rate-limit.ts). Anything that is not a valid one just leaves it untrusted.
  login: publicProcedure
    .input(z.object({ tenant: tenantSlug, email, password, deviceToken: deviceToken.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { deviceToken, ...credentials } = input;
      const { deviceTokens } = ctx.services.tokens;
      const deviceId = deviceToken ? await deviceTokens.verify(deviceToken, credentials) : null;
      const limit = await enforceLoginLimit(ctx, credentials, deviceId);
      const { sessionId, userId, tenantId, role: _r, ...pair } = await ctx.services.tokens
        .login({ ...credentials, meta: ctx.meta })
        .catch((error: unknown) => {
          if (isAuthError(error) && error.code === "INVALID_CREDENTIALS") ctx.services.alerts?.loginFailed({ ...credentials, meta: ctx.meta });
          throw error;
        });
      ctx.services.alerts?.loginSucceeded({ userId, tenantId, sessionId, meta: ctx.meta });
      await limit.succeeded();
      const device = await deviceTokens.issue(credentials, deviceId ?? undefined);
      return { ...pair, deviceToken: device.token, deviceTokenExpiresAt: device.expiresAt };
    }),

  // Shape errors are left to the service, which answers REFRESH_TOKEN_INVALID for anything malformed.
  refresh: publicProcedure
    .input(z.object({ refreshToken }))
    // A `then`, not an async function around an await: the one hot procedure, a promise less per call.
    .mutation(({ ctx, input }) => refreshWithinLimits(ctx, input.refreshToken).then(({ sessionId: _s, rotated: _r, ...pair }) => pair)),

  logout: protectedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.tokens.logout({ actor: ctx.auth, meta: ctx.meta });
    return { ok: true as const };
  }),

  logoutAll: protectedProcedure.mutation(async ({ ctx }) => {
    const revoked = await ctx.services.tokens.logoutAll({ actor: ctx.auth, meta: ctx.meta });
    return { ok: true as const, revokedSessions: revoked.length };
  }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const profile = await ctx.services.tokens.getProfile(ctx.auth);
    return {
      id: ctx.auth.userId,
      email: profile?.email ?? "",
      role: ctx.auth.role,
      tenantId: ctx.auth.tenantId,
      tenantSlug: profile?.tenant.slug ?? "",
      tenantName: profile?.tenant.name ?? "",
      sessionId: ctx.auth.sessionId,
      accessTokenExpiresAt: new Date(ctx.auth.expiresAt),
    };
  }),

  sessions: createTRPCRouter({
    list: protectedProcedure.query(({ ctx }) => ctx.services.tokens.listOwnSessions(ctx.auth)),
    revoke: protectedProcedure.input(z.object({ sessionId: id })).mutation(async ({ ctx, input }) => {
      await ctx.services.tokens.revokeSession({ actor: ctx.auth, meta: ctx.meta, sessionId: input.sessionId, scope: "own" });
      return { ok: true as const };
    }),
    revokeOthers: protectedProcedure.mutation(async ({ ctx }) => {
      const revoked = await ctx.services.tokens.revokeOtherSessions({ actor: ctx.auth, meta: ctx.meta });
      return { ok: true as const, revokedSessions: revoked.length };
    }),
  }),
});
