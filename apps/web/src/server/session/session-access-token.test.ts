import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { AuthError } from "@rotor/auth";
import { readWebSession } from "./read-web-session";
import { sessionAccessToken } from "./session-access-token";
import { sessionCookieName } from "./session-cookie";
import type { SessionSettings } from "./session-env";
import type { WebSessionState } from "./web-session-state";

const settings: SessionSettings = {
  secret: "x".repeat(40),
  secureCookies: true,
  lifetimes: {
    accessTokenTtl: 5,
    refreshTokenTtl: 3600,
    sessionMaxAge: 7200,
    refreshReuseInterval: 10,
    clockTolerance: 0,
    issuer: "t",
    audience: "t",
  },
};

const state: WebSessionState = {
  userId: "u",
  sessionId: "s",
  tenantId: "t",
  role: "USER",
  email: "user@acme.test",
  tenantSlug: "acme",
  tenantName: "Acme",
  accessToken: "access.jwt.value",
  refreshToken: "refresh-token-value",
  accessTokenExpiresAt: 1,
  refreshTokenExpiresAt: 2,
  signedInAt: 0,
  lastRefreshAt: null,
};

async function cookiesWith(rotor: WebSessionState, secret = settings.secret) {
  const value = await encode({ token: { rotor }, secret });
  return { getAll: () => [{ name: sessionCookieName(true), value }] };
}

describe("readWebSession", () => {
  it("decrypts the session cookie", async () => {
    expect(await readWebSession(await cookiesWith(state), settings)).toEqual(state);
  });

  it("ignores cookies encrypted with another secret, and missing cookies", async () => {
    expect(await readWebSession(await cookiesWith(state, "y".repeat(40)), settings)).toBeNull();
    expect(await readWebSession({ getAll: () => [] }, settings)).toBeNull();
  });
});

describe("sessionAccessToken", () => {
  const load = () => Promise.resolve(settings);

  it("hands the API the cookie's access token for same-origin requests", async () => {
    const headers = new Headers({ "sec-fetch-site": "same-origin" });
    expect(await sessionAccessToken({ method: "GET", headers }, await cookiesWith(state), load)()).toBe("access.jwt.value");
  });

  it("does not let cross-site requests use the cookie", async () => {
    const headers = new Headers({ "sec-fetch-site": "cross-site" });
    expect(await sessionAccessToken({ method: "GET", headers }, await cookiesWith(state), load)()).toBeNull();
  });

  it("reports an ended session with Rotor's code", async () => {
    const ended = await cookiesWith({ ...state, accessToken: "", refreshToken: "", error: "REFRESH_TOKEN_REUSED" });
    const error = await sessionAccessToken({ method: "GET", headers: new Headers() }, ended, load)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe("REFRESH_TOKEN_REUSED");
  });

  it("refuses a cookie mutation without Sec-Fetch-Site unless Origin names this host", async () => {
    const cookies = await cookiesWith(state);
    const post = (extra: Record<string, string>) =>
      sessionAccessToken({ method: "POST", headers: new Headers({ host: "rotor.test:3000", ...extra }) }, cookies, load)().catch((e: unknown) => e);
    expect(await post({ origin: "http://rotor.test:3000" })).toBe("access.jwt.value");
    for (const origin of [{ origin: "null" }, { origin: "https://evil.test" }, {}] as Record<string, string>[]) {
      expect(await post(origin)).toMatchObject({ name: "ApiError", code: "ORIGIN_REFUSED" });
    }
    // Browsers that send Sec-Fetch-Site are judged by it; queries (GET) never change state.
    expect(await post({ "sec-fetch-site": "same-origin", origin: "null" })).toBe("access.jwt.value");
    const get = await sessionAccessToken({ method: "GET", headers: new Headers({ origin: "null" }) }, cookies, load)();
    expect(get).toBe("access.jwt.value");
  });
});
