// Refresh limits over real HTTP against the production build, with the default limits (regressions:
// 30 racing refreshes of one token got 11 429s and then the session's next rotation and even reuse
// detection were refused with 429; all unknown refresh tokens shared one global bucket). Each client below
// is its own loopback source address, so per-IP budgets are really per client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashRefreshToken } from "@rotor/auth";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eApp, type E2eApp } from "./support/start-e2e-app";
import { login, refresh } from "./support/trpc-http";

/** Long enough that a 100-way race on a loaded machine stays inside it (every late replay would be reuse). */
const REUSE_INTERVAL_S = 60;

let app: E2eApp;
beforeAll(async () => {
  app = await startE2eApp({ env: { RATE_LIMIT_DISABLED: "false", AUTH_REFRESH_REUSE_INTERVAL: String(REUSE_INTERVAL_S) } });
});
afterAll(async () => {
  await app?.stop();
});

const signIn = async (who: { email: string; password: string }, from: string) =>
  (await login(app.url, { tenant: who.email.endsWith("@globex.test") ? "globex" : "acme", email: who.email, password: who.password }, { from })).data!;

describe("refresh limits", () => {
  it("a 100-way race of one token gets 100 successes, all the same successor, which then rotates", async () => {
    const from = "127.0.2.1";
    const pair = await signIn(DEMO_CREDENTIALS.acmeUser, from);
    const answers = await Promise.all(Array.from({ length: 100 }, () => refresh(app.url, pair.refreshToken, { from })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 100 }, () => 200));
    const successors = new Set(answers.map((a) => a.data!.refreshToken));
    expect(successors.size).toBe(1);
    const next = await refresh(app.url, [...successors][0]!, { from });
    expect(next.status).toBe(200);
    expect(next.data!.refreshToken).not.toBe(pair.refreshToken);
  });

  it("reuse after the interval is detected (401 REFRESH_TOKEN_REUSED), never hidden behind a 429, after a race", async () => {
    const from = "127.0.2.2";
    const pair = await signIn(DEMO_CREDENTIALS.acmeManager, from);
    const raced = await Promise.all(Array.from({ length: 30 }, () => refresh(app.url, pair.refreshToken, { from })));
    expect(raced.every((a) => a.status === 200)).toBe(true);
    // The interval has passed for this token: its rotation moved back in time (rather than sleeping a minute).
    await app.db.prisma.refreshToken.update({
      where: { tokenHash: hashRefreshToken(pair.refreshToken) },
      data: { rotatedAt: new Date(Date.now() - (REUSE_INTERVAL_S + 1) * 1000) },
    });
    const reused = await refresh(app.url, pair.refreshToken, { from });
    expect(reused).toMatchObject({ status: 401, error: { authCode: "REFRESH_TOKEN_REUSED" } });
  });

  it("unknown refresh tokens are limited per IP: 20 garbage tokens from one client, the next is 429 there only", async () => {
    const garbage = (i: number) => `${"Z".repeat(40)}${String(i).padStart(3, "0")}`;
    const attacker = "127.0.2.3";
    for (let i = 0; i < 20; i++) {
      const answer = await refresh(app.url, garbage(i), { from: attacker });
      expect({ i, status: answer.status, authCode: answer.error?.authCode }).toEqual({ i, status: 401, authCode: "REFRESH_TOKEN_INVALID" });
    }
    const limited = await refresh(app.url, garbage(20), { from: attacker });
    expect(limited).toMatchObject({ status: 429, error: { code: "TOO_MANY_REQUESTS", retryAfterMs: expect.any(Number) as number } });
    // Another client's unknown token is still answered for what it is, and real users keep rotating.
    const elsewhere = await refresh(app.url, garbage(21), { from: "127.0.2.4" });
    expect(elsewhere).toMatchObject({ status: 401, error: { authCode: "REFRESH_TOKEN_INVALID" } });
    const user = await signIn(DEMO_CREDENTIALS.acmeAdmin, "127.0.2.5");
    expect((await refresh(app.url, user.refreshToken, { from: "127.0.2.5" })).status).toBe(200);
  });
});
