import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, TEST_PASSWORD, type TestAuth } from "../testing/create-test-auth.ts";

let t: TestAuth;
beforeAll(async () => {
  t = await createTestAuth();
});
afterAll(() => t.close());

describe("login", () => {
  it("creates a session, a refresh token and an audit row, and returns a token pair", async () => {
    const result = await t.loginAs("admin@acme.test");
    expect(result).toMatchObject({ tokenType: "Bearer", role: "ADMIN", tenantId: t.tenants.acme.id });
    expect(result.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(session).toMatchObject({ userId: t.users.acmeAdmin.id, ip: "127.0.0.1", userAgent: "vitest", revokedAt: null });
    expect(session.absoluteExpiresAt.getTime()).toBe(t.clock() + 30 * 24 * 3600 * 1000);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { sessionId: result.sessionId, type: "login" } });
    expect(audit.outcome).toBe("success");
    await expect(t.service.authenticate(result.accessToken)).resolves.toMatchObject({ role: "ADMIN" });
  });

  it("is case-insensitive on email and scoped to the tenant", async () => {
    await expect(t.service.login({ tenant: "acme", email: "ADMIN@Acme.Test", password: TEST_PASSWORD, meta: t.meta })).resolves.toBeDefined();
    await expect(t.service.login({ tenant: "globex", email: "admin@acme.test", password: TEST_PASSWORD, meta: t.meta })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
  });

  it("answers INVALID_CREDENTIALS for a wrong password and for an unknown account alike, and audits both", async () => {
    // Both run at once and are settled together: awaiting one while the other has already failed would leave
    // that rejection unhandled for a moment (vitest fails the run on it).
    const attempts = await Promise.allSettled([
      t.service.login({ tenant: "acme", email: "user@acme.test", password: "nope", meta: t.meta }),
      t.service.login({ tenant: "acme", email: "ghost@acme.test", password: "nope", meta: t.meta }),
    ]);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ status: "rejected", reason: { code: "INVALID_CREDENTIALS", message: "Invalid credentials" } });
    }
    const failures = await t.prisma.auditEvent.findMany({ where: { type: "login", outcome: "failure" } });
    expect(failures.map((f) => (f.details as { reason: string }).reason).sort()).toEqual(
      expect.arrayContaining(["unknown-account", "wrong-password"]),
    );
  });

  it("makes an unknown account do the same password work as a wrong password", async () => {
    const verify = vi.spyOn(t.service.deps.passwords, "verify");
    await t.service.login({ tenant: "acme", email: "ghost@acme.test", password: "x", meta: t.meta }).catch(() => undefined);
    await t.service.login({ tenant: "nope", email: "ghost@nope.test", password: "x", meta: t.meta }).catch(() => undefined);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify.mock.calls.every(([hash]) => hash === null)).toBe(true);
    verify.mockRestore();
  });
});
