// A TokenStore that lives as long as the process or page: tests, scripts, server-side callers.
import type { SyncTokenStore, TokenPair } from "../types.ts";

export function memoryTokenStore(initial: TokenPair | null = null): SyncTokenStore {
  let pair = initial;
  return {
    get: () => pair,
    set: (next) => {
      pair = next;
    },
    clear: () => {
      pair = null;
    },
  };
}
