import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import type { RevokedSession } from "./types.ts";

let t: TestAuth;
const notices: RevokedSession[] = [];
beforeAll(async () => {
  t = await createTestAuth({ onSessionsRevoked: (s) => void notices.push(...s) });
});
afterAll(() => t.close());

describe("revocation", () => {
  it("logout revokes the current session, its tokens and its access tokens", async () => {
    const a = await t.loginAs("user@acme.test");
    const b = await t.loginAs("user@acme.test");
    const actor = await t.service.authenticate(a.accessToken);
    await t.service.logout({ actor, meta: t.meta });
    await expect(t.service.authenticate(a.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.refresh({ refreshToken: a.refreshToken, meta: t.meta })).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.authenticate(b.accessToken)).resolves.toBeDefined();
    const notice = notices.find((n) => n.sessionId === a.sessionId);
    expect(notice?.until).toBe(t.clock() + (900 + 5) * 1000);
    expect(await t.prisma.auditEvent.count({ where: { type: "logout", sessionId: a.sessionId } })).toBe(1);
  });

  it("logoutAll ends every session of the user and no one else's", async () => {
    const a = await t.loginAs("manager@acme.test");
    const b = await t.loginAs("manager@acme.test");
    const other = await t.loginAs("admin@acme.test");
    const revoked = await t.service.logoutAll({ actor: await t.service.authenticate(a.accessToken), meta: t.meta });
    expect(revoked).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    await expect(t.service.authenticate(b.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.authenticate(other.accessToken)).resolves.toBeDefined();
  });

  it("own-scope revoke refuses another user's session as not found; tenant scope reaches it; cross-tenant never", async () => {
    const user = await t.loginAs("user@acme.test");
    const admin = await t.loginAs("admin@acme.test");
    const foreign = await t.loginAs("admin@globex.test");
    const userActor = await t.service.authenticate(user.accessToken);
    const adminActor = await t.service.authenticate(admin.accessToken);
    const foreignActor = await t.service.authenticate(foreign.accessToken);
    await expect(t.service.revokeSession({ actor: userActor, meta: t.meta, sessionId: admin.sessionId, scope: "own" })).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    await expect(t.service.revokeSession({ actor: foreignActor, meta: t.meta, sessionId: user.sessionId, scope: "tenant" })).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    await t.service.revokeSession({ actor: adminActor, meta: t.meta, sessionId: user.sessionId, scope: "tenant" });
    await expect(t.service.authenticate(user.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    // Idempotent.
    await t.service.revokeSession({ actor: adminActor, meta: t.meta, sessionId: user.sessionId, scope: "tenant" });
    const row = await t.prisma.session.findUniqueOrThrow({ where: { id: user.sessionId } });
    expect(row.revokedReason).toBe("revoked-by-admin");
  });

  it("admin revokes all sessions of a user of its tenant only", async () => {
    const admin = await t.loginAs("admin@acme.test");
    const adminActor = await t.service.authenticate(admin.accessToken);
    const s = await t.loginAs("user@acme.test");
    await t.service.revokeUserSessions({ actor: adminActor, meta: t.meta, userId: t.users.acmeUser.id });
    await expect(t.service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.revokeUserSessions({ actor: adminActor, meta: t.meta, userId: t.users.globexAdmin.id })).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
  });

  it("an access token of an expired session answers SESSION_EXPIRED", async () => {
    const s = await t.loginAs("user@acme.test");
    await t.prisma.session.update({ where: { id: s.sessionId }, data: { absoluteExpiresAt: new Date(t.clock() - 1) } });
    await expect(t.service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
  });

  it("a failing revocation hook never fails the revocation", async () => {
    const errors: unknown[] = [];
    const { createTokenService } = await import("./create-token-service.ts");
    const service = createTokenService({
      ...t.service.deps,
      refreshEncryptionKey: new Uint8Array(32).fill(7),
      onSessionsRevoked: () => {
        throw new Error("redis down");
      },
      onHookError: (e) => void errors.push(e),
    });
    const s = await t.loginAs("user@acme.test");
    await service.logout({ actor: await service.authenticate(s.accessToken), meta: t.meta });
    expect(errors).toHaveLength(1);
    await expect(service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
  });

  it("lists own sessions with the current one marked, and tenant views stay in the tenant", async () => {
    const a = await t.loginAs("admin@globex.test");
    const actor = await t.service.authenticate(a.accessToken);
    const own = await t.service.listOwnSessions(actor);
    expect(own.find((s) => s.id === a.sessionId)?.current).toBe(true);
    const tenantSessions = await t.service.listTenantSessions(actor);
    expect(tenantSessions.every((s) => s.email.endsWith("@globex.test"))).toBe(true);
    const users = await t.service.listTenantUsers(actor);
    expect(users.map((u) => u.email)).toEqual(["admin@globex.test"]);
    const audit = await t.service.listTenantAudit(actor, { type: "login" });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((e) => e.type === "login")).toBe(true);
    const profile = await t.service.getProfile(actor);
    expect(profile).toMatchObject({ email: "admin@globex.test", tenant: { slug: "globex" } });
  });
});
