// What every link in the process shares about one TokenStore: the in-flight refresh (so two
// clients over one store never present the same refresh token twice), the generation of the pair,
// and one cross-tab subscription per coordinator. Keyed weakly on the store: a store nobody holds
// any more takes its state with it.
import type { RefreshCoordinator, TokenPair, TokenStore } from "../types.ts";
import { timeOf } from "./timeOf.ts";

export interface StoreState {
  readonly store: TokenStore;
  /** Bumped whenever a link commits or adopts a new pair in this store. */
  generation: number;
  lastAccessToken: string | null;
  /** The refresh running for this store, whichever link started it. */
  inflight: Promise<TokenPair> | null;
  /** Subscriptions to coordinators, each counting the links that use it. */
  readonly subscriptions: WeakMap<RefreshCoordinator, { links: Set<object>; unsubscribe: () => void }>;
}

const states = new WeakMap<TokenStore, StoreState>();

export function storeStateOf(store: TokenStore): StoreState {
  let state = states.get(store);
  if (!state) {
    state = { store, generation: 0, lastAccessToken: null, inflight: null, subscriptions: new WeakMap() };
    states.set(store, state);
  }
  return state;
}

/** Records a pair this process now uses: the generation moves once per distinct access token. */
export function adopt(state: StoreState, pair: TokenPair): void {
  if (state.lastAccessToken === pair.accessToken) return;
  state.lastAccessToken = pair.accessToken;
  state.generation++;
}

// A coordinator outlives the stores it served (it is often a module-level singleton); when a store
// is collected, drop its listener so the coordinator's listener set doesn't grow.
const unsubscribeWhenCollected =
  typeof FinalizationRegistry === "function" ? new FinalizationRegistry<() => void>((stop) => stop()) : undefined;

/**
 * Subscribes the store's state to `coordinator` once, for as many links as use it (`link` is the
 * link's identity), and returns the function that releases this link's use.
 */
export function subscribeOnce(state: StoreState, coordinator: RefreshCoordinator, link: object): () => void {
  let entry = state.subscriptions.get(coordinator);
  if (!entry) {
    const unsubscribe = subscribeWeakly(coordinator, new WeakRef(state));
    entry = { links: new Set(), unsubscribe };
    state.subscriptions.set(coordinator, entry);
    unsubscribeWhenCollected?.register(state, unsubscribe);
  }
  entry.links.add(link);
  const current = entry;
  return () => {
    if (!current.links.delete(link) || current.links.size > 0) return;
    current.unsubscribe();
    if (state.subscriptions.get(coordinator) === current) state.subscriptions.delete(coordinator);
  };
}

/** Its own scope, so nothing here (listener, unsubscribe) can hold the state strongly. */
function subscribeWeakly(coordinator: RefreshCoordinator, ref: WeakRef<StoreState>): () => void {
  const stop: { fn?: () => void } = {};
  const unsubscribe = () => stop.fn?.();
  stop.fn = coordinator.subscribe(listenerFor(ref, unsubscribe));
  return unsubscribe;
}

/**
 * The listener holds the state only weakly (built outside any closure that holds it strongly), so a
 * coordinator never keeps a discarded store alive; once the store is gone it unsubscribes itself.
 */
function listenerFor(ref: WeakRef<StoreState>, stop: () => void): (pair: TokenPair) => void {
  return (pair) => {
    const state = ref.deref();
    if (!state) return stop();
    void (async () => {
      const current = await state.store.get();
      // Signed out here: don't bring the session back. Older pair: ignore.
      if (!current || timeOf(current.accessTokenExpiresAt) > timeOf(pair.accessTokenExpiresAt)) return;
      if (current.accessToken !== pair.accessToken) await state.store.set(pair);
      adopt(state, pair);
    })().catch(() => undefined);
  };
}
