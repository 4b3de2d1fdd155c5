// TTL validation shared by both stores, so they agree on what a valid TTL is.
import { StoreArgumentError } from "./errors.ts";

export function normalizeTtlMs(ttlMs: number): number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreArgumentError(`ttlMs must be a positive finite number, got ${String(ttlMs)}`);
  }
  return Math.ceil(ttlMs);
}
