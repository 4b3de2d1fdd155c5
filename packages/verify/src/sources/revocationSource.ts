// What the verifier needs of a revocation source. `check` answers from memory where it can; "unknown" means
// the source cannot vouch for the session right now and the fail-safe rule decides.

export type RevocationState = "revoked" | "active" | "unknown";

export interface RevocationSource {
  check(sessionId: string): RevocationState | Promise<RevocationState>;
  /** Epoch ms of the last time the source was known to be complete; null if never. */
  lastHealthyAt(): number | null;
  healthy(): boolean;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface SourceContext {
  clock: () => number;
  warn: (code: "REVOCATION_SOURCE_DOWN" | "REVOCATION_SOURCE_UP" | "FEED_REFUSED", message: string) => void;
}
