// Regression: in Chromium each tab is its own process and localStorage writes reach other tabs
// asynchronously, so a tab that waited for the lock could re-read the store before the holder's new
// pair arrived, and refresh a second time. A tab that had to wait now lets the holder's broadcast
// arrive first.
import { describe, expect, it, vi } from "vitest";
import { createBrowserCoordinator, type LockManagerLike } from "./createBrowserCoordinator.ts";
import type { TokenPair } from "./types.ts";

/** One exclusive lock, ifAvailable supported, FIFO. */
function oneLock() {
  let held = false;
  const queue: Array<() => void> = [];
  const locks: LockManagerLike = {
    request(_name, options, callback) {
      if (options.ifAvailable && held) return callback(null);
      return new Promise((resolve, reject) => {
        const run = () => {
          held = true;
          void callback({}).then(resolve, reject).finally(() => {
            held = false;
            queue.shift()?.();
          });
        };
        if (held) queue.push(run);
        else run();
      });
    },
  };
  return locks;
}

const pair = (n: number): TokenPair => ({
  accessToken: `a${n}`,
  refreshToken: `r${n}`,
  tokenType: "Bearer",
  accessTokenExpiresAt: new Date(Date.now() + 60_000),
  refreshTokenExpiresAt: new Date(Date.now() + 600_000),
});

describe("a tab that waited for the lock", () => {
  it("sees the holder's broadcast pair before it runs, even when the broadcast lands after the lock is released", async () => {
    const locks = oneLock();
    const channelName = `stale-storage-${Math.random()}`;
    const tabA = createBrowserCoordinator({ locks, channelName });
    const tabB = createBrowserCoordinator({ locks, channelName });
    let seenByB: TokenPair | null = null;
    tabB.subscribe((p) => (seenByB = p));
    try {
      let release!: () => void;
      const holding = tabA.withLock(() => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 5));
      const bRan = tabB.withLock(async () => seenByB);
      // The holder finishes and releases; its broadcast reaches B only afterwards.
      release();
      await holding;
      setTimeout(() => tabA.publish(pair(2)), 20);
      expect(await bRan).toMatchObject({ accessToken: "a2" });
    } finally {
      tabA.close();
      tabB.close();
    }
  });

  it("runs without waiting when the lock was free", async () => {
    // Frozen timers: had the tab waited for the settle period, nothing could finish until time moved.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const tab = createBrowserCoordinator({ locks: oneLock(), channelName: `free-${Math.random()}`, settleMs: 10_000 });
    try {
      let settled = false;
      const run = tab.withLock(async () => undefined).then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      await run;
    } finally {
      tab.close();
      vi.useRealTimers();
    }
  });
});
