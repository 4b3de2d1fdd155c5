// Which requests the web host hands to tRPC itself: `/api/trpc/<procedures>[?query]`, exactly what the Next
// route `api/trpc/[trpc]` matches (one path segment). Anything else (`/api/trpc`, `/api/trpc/a/b`, a
// trailing slash) stays with Next, which answers it as it always did.
import { TRPC_ENDPOINT } from "./trpc-endpoint";

export function isTrpcPath(url: string): boolean {
  const path = url.split("?", 1)[0]!;
  const rest = path.slice(TRPC_ENDPOINT.length + 1);
  return path.startsWith(`${TRPC_ENDPOINT}/`) && rest.length > 0 && !rest.includes("/");
}
