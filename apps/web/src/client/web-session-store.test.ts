import { describe, expect, it, vi } from "vitest";
import type { PublicSession } from "../server/session/web-session-state";
import { createWebSessionStore } from "./web-session-store";

const session = (expiresAt: number): PublicSession => ({
  user: { userId: "u", email: "e", role: "USER", tenantSlug: "acme", tenantName: "Acme", sessionId: "s" },
  accessTokenExpiresAt: expiresAt,
  refreshTokenExpiresAt: expiresAt + 1000,
  lastRefreshAt: null,
  error: null,
});

describe("createWebSessionStore", () => {
  it("gives the link a stand-in pair that changes with each rotation and holds no token", () => {
    const store = createWebSessionStore(session(1000));
    const first = store.get()!;
    expect(first.refreshToken).toBe("");
    expect(first.accessTokenExpiresAt.getTime()).toBe(1000);
    store.adopt(session(2000));
    expect(store.get()!.accessToken).not.toBe(first.accessToken);
  });

  it("notifies React and forgets the session on clear", () => {
    const store = createWebSessionStore(session(1000));
    const listener = vi.fn();
    store.subscribe(listener);
    store.setRefreshing(true);
    expect(store.snapshot().refreshing).toBe(true);
    store.clear();
    expect(store.get()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
