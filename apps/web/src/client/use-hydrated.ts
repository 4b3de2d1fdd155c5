// Whether this render happens in the browser after hydration. Server HTML and the first client render
// must be identical, so anything that depends on the clock, the time zone or the locale waits for this.
import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
