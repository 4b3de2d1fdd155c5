/** Where tRPC is mounted. */
export const TRPC_ENDPOINT = "/api/trpc";
