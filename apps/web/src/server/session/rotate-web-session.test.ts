// Rotation as the jwt callback runs it, against the real token service and database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth } from "@rotor/auth/testing";
import { rotateWebSession, rotationAheadMs, type RotateWebSessionDeps } from "./rotate-web-session";
import type { WebSessionState } from "./web-session-state";

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth();
});
afterAll(async () => {
  await auth?.close();
});

async function signedIn(): Promise<WebSessionState> {
  const pair = await auth.loginAs("user@acme.test");
  return {
    userId: pair.userId,
    sessionId: pair.sessionId,
    tenantId: pair.tenantId,
    role: pair.role,
    email: "user@acme.test",
    tenantSlug: "acme",
    tenantName: "Acme",
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt.getTime(),
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt.getTime(),
    signedInAt: auth.clock(),
    lastRefreshAt: null,
  };
}

const deps = (): RotateWebSessionDeps => ({
  refresh: (refreshToken) => auth.service.refresh({ refreshToken, meta: auth.meta }),
  now: auth.clock,
  aheadMs: 60_000,
});

describe("rotateWebSession", () => {
  it("leaves a fresh session alone", async () => {
    const state = await signedIn();
    expect(await rotateWebSession(state, deps())).toBe(state);
  });

  it("rotates when the access token is about to expire", async () => {
    const state = await signedIn();
    auth.clock.advance(state.accessTokenExpiresAt - auth.clock() - 30_000);
    const next = await rotateWebSession(state, deps());
    expect(next.refreshToken).not.toBe(state.refreshToken);
    expect(next.accessTokenExpiresAt).toBeGreaterThan(state.accessTokenExpiresAt);
    expect(next.lastRefreshAt).toBe(auth.clock());
  });

  it("gives concurrent rotations of one cookie the same successor, and the session survives", async () => {
    const state = await signedIn();
    auth.clock.advance(state.accessTokenExpiresAt - auth.clock() + 1_000);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => rotateWebSession(state, deps())));
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(results.every((r) => !r.error)).toBe(true);
    // Whichever response's cookie the browser kept, its next rotation works.
    auth.clock.advance(auth.service.deps.lifetimes.accessTokenTtl * 1000);
    const later = await rotateWebSession(results[4]!, deps());
    expect(later.error).toBeUndefined();
    expect(later.refreshToken).not.toBe(results[4]!.refreshToken);
  });

  it("ends the session with Rotor's code when the refresh is refused", async () => {
    const state = await signedIn();
    await auth.service.logout({
      actor: { ...state, expiresAt: state.accessTokenExpiresAt },
      meta: auth.meta,
    });
    auth.clock.advance(state.accessTokenExpiresAt - auth.clock());
    const next = await rotateWebSession(state, deps());
    expect(next.error).toBe("SESSION_REVOKED");
    expect(next.accessToken).toBe("");
    expect(next.refreshToken).toBe("");
    // Ended stays ended, without asking Rotor again.
    expect(await rotateWebSession(next, { ...deps(), refresh: () => Promise.reject(new Error("not called")) })).toBe(next);
  });

  it("keeps the session through a transient failure (an outage must not sign anyone out)", async () => {
    const state = await signedIn();
    auth.clock.advance(state.accessTokenExpiresAt - auth.clock());
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const next = await rotateWebSession(state, { ...deps(), refresh: () => Promise.reject(new Error("database down")) });
    expect(next).toBe(state);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});

describe("rotationAheadMs", () => {
  it("is a quarter of the access token's life, at most a minute", () => {
    const lifetimes = auth.service.deps.lifetimes;
    expect(rotationAheadMs({ ...lifetimes, accessTokenTtl: 4 })).toBe(1_000);
    expect(rotationAheadMs({ ...lifetimes, accessTokenTtl: 900 })).toBe(60_000);
  });
});
