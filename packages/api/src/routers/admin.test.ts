import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await createTestApi();
});
afterAll(() => t.close());

describe("admin router: roles", () => {
  it("USER gets FORBIDDEN everywhere", async () => {
    const { api } = await t.signIn("user@acme.test");
    await expect(api.admin.users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.admin.sessions.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.admin.audit.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("MANAGER may list users and sessions but not revoke", async () => {
    const { api } = await t.signIn("manager@acme.test");
    const victim = await t.signIn("user@acme.test");
    await expect(api.admin.sessions.list()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: victim.sessionId })]));
    await expect(api.admin.users.list()).resolves.toHaveLength(3);
    await expect(api.admin.sessions.revoke({ sessionId: victim.sessionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.admin.users.revokeSessions({ userId: t.users.acmeUser.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(victim.api.auth.me()).resolves.toBeDefined();
  });

  it("ADMIN revokes any session of its tenant and sees the audit trail", async () => {
    const { api } = await t.signIn("admin@acme.test");
    const victim = await t.signIn("user@acme.test");
    await api.admin.sessions.revoke({ sessionId: victim.sessionId });
    await expect(victim.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const again = await t.signIn("user@acme.test");
    await expect(api.admin.users.revokeSessions({ userId: t.users.acmeUser.id })).resolves.toMatchObject({ ok: true });
    await expect(again.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const audit = await api.admin.audit.list({ type: "session-revoked" });
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

describe("admin router: nothing crosses tenants", () => {
  it("globex ADMIN can neither see nor revoke acme sessions or users", async () => {
    const acme = await t.signIn("user@acme.test");
    const { api } = await t.signIn("admin@globex.test");
    const sessions = await api.admin.sessions.list();
    expect(sessions.some((s) => s.id === acme.sessionId)).toBe(false);
    expect(sessions.every((s) => s.email.endsWith("@globex.test"))).toBe(true);
    const users = await api.admin.users.list();
    expect(users.map((u) => u.email)).toEqual(["admin@globex.test"]);
    await expect(api.admin.sessions.revoke({ sessionId: acme.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.admin.users.revokeSessions({ userId: t.users.acmeUser.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await api.admin.audit.list();
    expect(audit.every((e) => e.user?.email?.endsWith("@globex.test") ?? true)).toBe(true);
    await expect(acme.api.auth.me()).resolves.toBeDefined();
  });

  it("a token minted for one tenant cannot log into another", async () => {
    await expect(
      t.caller().auth.login({ tenant: "globex", email: "user@acme.test", password: "correct horse battery staple" }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
