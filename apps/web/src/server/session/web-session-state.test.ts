import { describe, expect, it } from "vitest";
import { toPublicSession, type WebSessionState } from "./web-session-state";

describe("toPublicSession", () => {
  it("never lets a token leave the server", () => {
    const state: WebSessionState = {
      userId: "u",
      sessionId: "s",
      tenantId: "t",
      role: "ADMIN",
      email: "a@acme.test",
      tenantSlug: "acme",
      tenantName: "Acme",
      accessToken: "ACCESS-SECRET",
      refreshToken: "REFRESH-SECRET",
      accessTokenExpiresAt: 10,
      refreshTokenExpiresAt: 20,
      signedInAt: 0,
      lastRefreshAt: 5,
    };
    const json = JSON.stringify(toPublicSession(state));
    expect(json).not.toContain("ACCESS-SECRET");
    expect(json).not.toContain("REFRESH-SECRET");
    expect(toPublicSession(state)).toMatchObject({ accessTokenExpiresAt: 10, lastRefreshAt: 5, error: null });
  });
});
