// Typed tRPC hooks for client components (`useTRPC().auth.me.queryOptions()` with React Query;
// `useTRPCClient()` for imperative calls).
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@rotor/api";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
