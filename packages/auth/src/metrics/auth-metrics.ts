// What the token service tells a metrics backend. The service depends on this interface only; the app
// injects a Prometheus implementation (@rotor/api), units get the no-op default. Every call happens after
// the change it counts has committed, so a rolled-back transaction is never counted.

/** How a refresh ended. `replayed`: a replay inside the reuse interval answered with the same successor. */
export type RefreshMetricOutcome = "rotated" | "replayed" | "failed";

export interface AuthMetrics {
  /** A sign-in attempt: `code` is the AuthError code of a refusal. */
  login(outcome: "success" | "failure", code: string | null, seconds: number): void;
  refresh(outcome: RefreshMetricOutcome, code: string | null, seconds: number): void;
  /** Sessions revoked, by why (logout, logout-all, revoked-by-user, revoked-by-admin, refresh-token-reused, absolute-expiry). */
  sessionsRevoked(reason: string, count: number): void;
  /** A request refused by a rate limit, by which limiter refused it. */
  rateLimited(limiter: string): void;
}

export const noopAuthMetrics: AuthMetrics = {
  login: () => undefined,
  refresh: () => undefined,
  sessionsRevoked: () => undefined,
  rateLimited: () => undefined,
};
