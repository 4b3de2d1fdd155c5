// Measures how long a revocation on one instance takes to be honoured by another: sign in on A, let B
// answer (and cache "not revoked"), log out on A, poll B until it refuses. Used by the multi-instance
// test (asserting the outcome) and by `pnpm bench` (reporting median and max).
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../root.ts";

export interface PropagationSample {
  delayMs: number;
  /** authCode of B's refusal (expected SESSION_REVOKED). */
  authCode: string | null;
}

export const apiClient = (url: string, token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url, transformer: superjson, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });

export async function measureRevocationPropagation(
  aUrl: string,
  bUrl: string,
  login: { tenant: string; email: string; password: string },
  options: { samples: number; timeoutMs?: number },
): Promise<PropagationSample[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const samples: PropagationSample[] = [];
  for (let i = 0; i < options.samples; i++) {
    const pair = await apiClient(aUrl).auth.login.mutate(login);
    const onB = apiClient(bUrl, pair.accessToken);
    await onB.auth.me.query();
    const revokedAt = performance.now();
    await apiClient(aUrl, pair.accessToken).auth.logout.mutate();
    for (;;) {
      const error = await onB.auth.me.query().then(
        () => null,
        (e: unknown) => e,
      );
      if (error) {
        const data = error instanceof TRPCClientError ? (error.data as { authCode?: string | null }) : undefined;
        samples.push({ delayMs: performance.now() - revokedAt, authCode: data?.authCode ?? null });
        break;
      }
      if (performance.now() - revokedAt > timeoutMs) throw new Error(`revocation not honoured by B within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  return samples;
}
