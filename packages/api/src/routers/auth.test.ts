import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await createTestApi();
});
afterAll(() => t.close());

function authCodeOf(error: unknown) {
  return error instanceof TRPCError ? { code: error.code, authCode: (error.cause as { code?: string } | undefined)?.code } : error;
}

describe("auth router", () => {
  it("login returns exactly a token pair and the device token", async () => {
    const pair = await t.caller().auth.login({ tenant: "acme", email: "user@acme.test", password: "correct horse battery staple" });
    expect(Object.keys(pair).sort()).toEqual([
      "accessToken",
      "accessTokenExpiresAt",
      "deviceToken",
      "deviceTokenExpiresAt",
      "refreshToken",
      "refreshTokenExpiresAt",
      "tokenType",
    ]);
    expect(pair.accessTokenExpiresAt).toBeInstanceOf(Date);
  });

  it("login with bad credentials is UNAUTHORIZED / INVALID_CREDENTIALS", async () => {
    const error = await t.caller().auth.login({ tenant: "acme", email: "user@acme.test", password: "wrong" }).catch((e: unknown) => e);
    expect(authCodeOf(error)).toEqual({ code: "UNAUTHORIZED", authCode: "INVALID_CREDENTIALS" });
  });

  it("login validates input", async () => {
    await expect(t.caller().auth.login({ tenant: "ACME!", email: "not-an-email", password: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refresh rotates and bad tokens are REFRESH_TOKEN_INVALID", async () => {
    const { refreshToken } = await t.signIn("user@acme.test");
    const next = await t.caller().auth.refresh({ refreshToken });
    expect(next.refreshToken).not.toBe(refreshToken);
    const error = await t.caller().auth.refresh({ refreshToken: "garbage" }).catch((e: unknown) => e);
    expect(authCodeOf(error)).toEqual({ code: "UNAUTHORIZED", authCode: "REFRESH_TOKEN_INVALID" });
  });

  it("me describes the caller", async () => {
    const { api, sessionId } = await t.signIn("manager@acme.test");
    await expect(api.auth.me()).resolves.toMatchObject({
      id: t.users.acmeManager.id,
      email: "manager@acme.test",
      role: "MANAGER",
      tenantId: t.tenants.acme.id,
      sessionId,
    });
  });

  it.each([
    ["no token", undefined, "TOKEN_INVALID"],
    ["a garbage token", "garbage", "TOKEN_INVALID"],
  ])("protected procedures refuse %s", async (_label, token, authCode) => {
    const error = await t.caller(token).auth.me().catch((e: unknown) => e);
    expect(authCodeOf(error)).toEqual({ code: "UNAUTHORIZED", authCode });
  });

  it("an expired access token is TOKEN_EXPIRED, and is refused before the procedure runs", async () => {
    const { api, sessionId } = await t.signIn("user@acme.test");
    t.clock.advance(16 * 60 * 1000);
    try {
      const error = await api.auth.logout().catch((e: unknown) => e);
      expect(authCodeOf(error)).toEqual({ code: "UNAUTHORIZED", authCode: "TOKEN_EXPIRED" });
      const session = await t.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
      expect(session.revokedAt).toBeNull();
    } finally {
      t.clock.advance(-16 * 60 * 1000);
    }
  });

  it("logout ends the session; logoutAll ends all of them", async () => {
    const a = await t.signIn("user@acme.test");
    await expect(a.api.auth.logout()).resolves.toEqual({ ok: true });
    const error = await a.api.auth.me().catch((e: unknown) => e);
    expect(authCodeOf(error)).toEqual({ code: "UNAUTHORIZED", authCode: "SESSION_REVOKED" });
    const b = await t.signIn("user@acme.test");
    const c = await t.signIn("user@acme.test");
    const result = await b.api.auth.logoutAll();
    expect(result.revokedSessions).toBeGreaterThanOrEqual(2);
    await expect(c.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("sessions: list marks the current one, revoke works on own sessions only", async () => {
    const a = await t.signIn("admin@acme.test");
    const b = await t.signIn("admin@acme.test");
    const other = await t.signIn("manager@acme.test");
    const list = await a.api.auth.sessions.list();
    expect(list.find((s) => s.current)?.id).toBe(a.sessionId);
    expect(list.every((s) => s.userId === t.users.acmeAdmin.id)).toBe(true);
    await expect(a.api.auth.sessions.revoke({ sessionId: other.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.api.auth.sessions.revoke({ sessionId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await a.api.auth.sessions.revoke({ sessionId: b.sessionId });
    await expect(b.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(other.api.auth.me()).resolves.toBeDefined();
  });

  it("sessions.revokeOthers keeps only the current session", async () => {
    const a = await t.signIn("user@acme.test");
    const b = await t.signIn("user@acme.test");
    const auditBefore = await t.prisma.auditEvent.count({ where: { type: "session-revoked", sessionId: a.sessionId } });
    await expect(a.api.auth.sessions.revokeOthers()).resolves.toMatchObject({ ok: true, revokedSessions: expect.any(Number) as number });
    // One transaction, one audit row, however many sessions it ended.
    expect(await t.prisma.auditEvent.count({ where: { type: "session-revoked", sessionId: a.sessionId } })).toBe(auditBefore + 1);
    await expect(a.api.auth.me()).resolves.toBeDefined();
    await expect(b.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
