// A TokenStore over a Web Storage object. localStorage is shared by every tab of the origin, so
// with it a tab sees another tab's refresh by re-reading; sessionStorage is per tab and relies on
// the cross-tab coordinator's broadcast.
import { parsePair, serializePair } from "../internal/pairJson.ts";
import type { SyncTokenStore } from "../types.ts";

export interface StorageTokenStoreOptions {
  /**
   * The key the pair is stored under.
   * @default "rotor.auth.tokens"
   */
  key?: string;
}

/**
 * The part of Web Storage the store uses. Declared here rather than taken from the DOM lib, so
 * packages that compile this source without `lib: ["DOM"]` (Node CLIs) still typecheck.
 */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `storage` is injected (`window.localStorage`, `window.sessionStorage`, or a fake). */
export function storageTokenStore(
  storage: StorageLike,
  options: StorageTokenStoreOptions = {},
): SyncTokenStore {
  const key = options.key ?? "rotor.auth.tokens";
  return {
    get() {
      const text = storage.getItem(key);
      return text === null ? null : parsePair(text);
    },
    set(pair) {
      storage.setItem(key, serializePair(pair));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}
