// The current time, re-rendered every `intervalMs` (for countdowns). null until hydrated: the server's
// clock and the browser's differ, and React refuses text that changed between the two renders.
import { useEffect, useState } from "react";
import { useHydrated } from "./use-hydrated";

export function useNow(intervalMs = 250): number | null {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return hydrated ? now : null;
}
