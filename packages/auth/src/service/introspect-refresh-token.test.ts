import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import type { RevokedSession } from "./types.ts";

let t: TestAuth;
const notices: RevokedSession[] = [];
beforeAll(async () => {
  t = await createTestAuth({ onSessionsRevoked: (s) => void notices.push(...s) });
});
afterAll(() => t.close());

describe("refresh-token introspection and revocation by a service", () => {
  it("a current refresh token is active with its session's subject; rotated, malformed or unknown ones are not", async () => {
    const pair = await t.loginAs("user@acme.test");
    await expect(t.service.introspectRefreshToken(pair.refreshToken)).resolves.toMatchObject({
      userId: t.users.acmeUser.id,
      sessionId: pair.sessionId,
      tenantId: t.tenants.acme.id,
      role: "USER",
      expiresAt: pair.refreshTokenExpiresAt.getTime(),
    });
    await t.service.refresh({ refreshToken: pair.refreshToken, meta: t.meta });
    await expect(t.service.introspectRefreshToken(pair.refreshToken)).resolves.toBeNull();
    for (const token of ["x", "A".repeat(43)]) await expect(t.service.introspectRefreshToken(token)).resolves.toBeNull();
  });

  it("an expired refresh token is not active", async () => {
    const pair = await t.loginAs("user@acme.test");
    t.clock.advance(pair.refreshTokenExpiresAt.getTime() - t.clock() + 1);
    await expect(t.service.introspectRefreshToken(pair.refreshToken)).resolves.toBeNull();
  });

  it("revokeSessionForService revokes the session (audited, published) within the credential's tenant only", async () => {
    const acme = await t.loginAs("user@acme.test");
    const globex = await t.loginAs("admin@globex.test");
    const input = { serviceCredentialId: "00000000-0000-4000-8000-00000000c0de", scopeTenantId: t.tenants.acme.id, meta: t.meta };
    await expect(t.service.revokeSessionForService({ ...input, sessionId: globex.sessionId })).resolves.toEqual([]);
    await expect(t.service.authenticate(globex.accessToken)).resolves.toBeDefined();
    await expect(t.service.revokeSessionForService({ ...input, sessionId: acme.sessionId })).resolves.toEqual([acme.sessionId]);
    await expect(t.service.authenticate(acme.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.introspectRefreshToken(acme.refreshToken)).resolves.toBeNull();
    expect(notices.map((n) => n.sessionId)).toContain(acme.sessionId);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: "token-revoked-by-service", sessionId: acme.sessionId } });
    expect(audit).toMatchObject({ userId: t.users.acmeUser.id, tenantId: t.tenants.acme.id, details: { serviceCredentialId: input.serviceCredentialId } });
  });
});
