// Public surface of @rotor/trpc-refresh-link (browser-safe; the Node file store is in "./node").
export { refreshLink, type RefreshLink, type RefreshLinkOptions } from "./refreshLink.ts";
export { toTokenPair, type TokenPairInput } from "./toTokenPair.ts";
export { authHeaders } from "./authHeaders.ts";
export {
  createBrowserCoordinator,
  type BrowserCoordinator,
  type BrowserCoordinatorOptions,
  type BroadcastChannelLike,
  type LockManagerLike,
} from "./createBrowserCoordinator.ts";
export { memoryTokenStore } from "./stores/memoryTokenStore.ts";
export { storageTokenStore, type StorageLike, type StorageTokenStoreOptions } from "./stores/storageTokenStore.ts";
export {
  RefreshFailedError,
  RefreshRejectedError,
  TRANSIENT_FAILURE_REASONS,
  type RefreshFailureReason,
  type TransientFailureReason,
} from "./errors.ts";
export { readDateHeader } from "./readDateHeader.ts";
export {
  AUTH_CODES,
  SESSION_ENDING_CODES,
  type AuthCode,
  type Clock,
  type AsyncTokenStore,
  type RefreshCoordinator,
  type SyncTokenStore,
  type TokenPair,
  type TokenStore,
} from "./types.ts";
