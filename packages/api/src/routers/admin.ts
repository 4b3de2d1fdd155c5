// admin.*: tenant-wide views for ADMIN (and MANAGER, read-only). Every call is scoped to the caller's tenant.
import { z } from "zod";
import { id, listLimit, plainText } from "../input/primitives.ts";
import { createTRPCRouter, roleProcedure } from "../trpc.ts";

const adminProcedure = roleProcedure("ADMIN");
const staffProcedure = roleProcedure("ADMIN", "MANAGER");

export const adminRouter = createTRPCRouter({
  users: createTRPCRouter({
    list: staffProcedure.query(({ ctx }) => ctx.services.tokens.listTenantUsers(ctx.auth)),
    revokeSessions: adminProcedure.input(z.object({ userId: id })).mutation(async ({ ctx, input }) => {
      const revoked = await ctx.services.tokens.revokeUserSessions({ actor: ctx.auth, meta: ctx.meta, userId: input.userId });
      return { ok: true as const, revokedSessions: revoked.length };
    }),
  }),
  sessions: createTRPCRouter({
    list: staffProcedure.query(({ ctx }) => ctx.services.tokens.listTenantSessions(ctx.auth)),
    revoke: adminProcedure.input(z.object({ sessionId: id })).mutation(async ({ ctx, input }) => {
      await ctx.services.tokens.revokeSession({ actor: ctx.auth, meta: ctx.meta, sessionId: input.sessionId, scope: "tenant" });
      return { ok: true as const };
    }),
  }),
  // Credentials for the tenant's other services (revocation feed, introspection, token revocation). The
  // secret is returned once, by create; only its hash is kept. Global credentials are not made here.
  serviceCredentials: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => ctx.services.serviceCredentials.list({ tenantId: ctx.auth.tenantId })),
    create: adminProcedure.input(z.object({ name: plainText(100).min(1) })).mutation(({ ctx, input }) =>
      ctx.services.serviceCredentials.create({ name: input.name, tenantId: ctx.auth.tenantId, actor: ctx.auth, meta: ctx.meta }),
    ),
    revoke: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
      await ctx.services.serviceCredentials.revoke({ id: input.id, tenantId: ctx.auth.tenantId, actor: ctx.auth, meta: ctx.meta });
      return { ok: true as const };
    }),
  }),
  audit: createTRPCRouter({
    list: adminProcedure
      .input(z.object({ type: plainText(64).optional(), limit: listLimit.optional() }).optional())
      .query(({ ctx, input }) => ctx.services.tokens.listTenantAudit(ctx.auth, input ?? {})),
    // Keyset pages, newest first: `after` is the previous page's `next`.
    page: adminProcedure
      .input(
        z.object({
          type: plainText(64).optional(),
          outcome: z.enum(["success", "failure", "alert"]).optional(),
          userId: id.optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          after: z.object({ createdAt: z.date(), id }).optional(),
          limit: z.number().int().min(1).max(200).optional(),
        }),
      )
      .query(({ ctx, input }) => ctx.services.tokens.pageTenantAudit(ctx.auth, input)),
  }),
  // Per-minute activity of the tenant over the last `minutes` and its live sessions (operator dashboard).
  operations: adminProcedure
    .input(z.object({ minutes: z.number().int().min(5).max(24 * 60).default(60) }).optional())
    .query(({ ctx, input }) => ctx.services.tokens.operationsStats(ctx.auth, input?.minutes ?? 60)),
});
