// The app router: the only place domain routers are merged.
import { adminRouter } from "./routers/admin.ts";
import { authRouter } from "./routers/auth.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
