import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { hashRefreshToken } from "../refresh-token/refresh-token.ts";
import type { RevokedSession } from "./types.ts";

let t: TestAuth;
const revokedNotices: RevokedSession[] = [];

beforeAll(async () => {
  t = await createTestAuth({ onSessionsRevoked: (s) => void revokedNotices.push(...s) });
});
afterAll(() => t.close());

const refreshWith = (refreshToken: string) => t.service.refresh({ refreshToken, meta: t.meta });

describe("refresh rotation", () => {
  it("rotates a valid token: new pair, same user/tenant/role/session, old token marked rotated", async () => {
    const first = await t.loginAs("manager@acme.test");
    t.clock.advance(60_000);
    const second = await refreshWith(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.tokenType).toBe("Bearer");
    const subject = await t.service.authenticate(second.accessToken);
    expect(subject).toMatchObject({ userId: t.users.acmeManager.id, tenantId: t.tenants.acme.id, role: "MANAGER", sessionId: first.sessionId });

    const old = await t.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(first.refreshToken) } });
    const next = await t.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(second.refreshToken) } });
    expect(old.rotatedAt?.getTime()).toBe(t.clock());
    expect(next.parentId).toBe(old.id);
    expect(next.sessionId).toBe(first.sessionId);
    // Only hashes are stored, never the token.
    const raw = await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM refresh_token WHERE token_hash = ${second.refreshToken}`;
    expect(Number(raw[0]?.n)).toBe(0);
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.lastRefreshedAt?.getTime()).toBe(t.clock());
    expect(session.idleExpiresAt.getTime()).toBe(second.refreshTokenExpiresAt.getTime());
    const audit = await t.prisma.auditEvent.findFirst({ where: { sessionId: first.sessionId, type: "refresh" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ outcome: "success", userId: t.users.acmeManager.id, tenantId: t.tenants.acme.id });
    expect(audit?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("50 concurrent refreshes of one token within the interval all succeed with one identical successor", async () => {
    const first = await t.loginAs("user@acme.test");
    const results = await Promise.all(Array.from({ length: 50 }, () => refreshWith(first.refreshToken)));
    const successors = new Set(results.map((r) => r.refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    expect(successor).not.toBe(first.refreshToken);
    // Exactly one successor row: no fork of the token family.
    const tokens = await t.prisma.refreshToken.findMany({ where: { sessionId: first.sessionId } });
    expect(tokens).toHaveLength(2);
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.revokedAt).toBeNull();
    // The successor keeps working afterwards.
    t.clock.advance(60_000);
    await expect(refreshWith(successor!)).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("a retry after a lost response (same token, seconds later) succeeds with the same successor", async () => {
    const first = await t.loginAs("user@acme.test");
    const lost = await refreshWith(first.refreshToken);
    t.clock.advance(9_000);
    const retry = await refreshWith(first.refreshToken);
    expect(retry.refreshToken).toBe(lost.refreshToken);
    expect(retry.refreshTokenExpiresAt.getTime()).toBe(lost.refreshTokenExpiresAt.getTime());
    await expect(t.service.authenticate(retry.accessToken)).resolves.toMatchObject({ sessionId: first.sessionId });
    const replayAudit = await t.prisma.auditEvent.findFirst({ where: { sessionId: first.sessionId, details: { path: ["replay"], equals: true } } });
    expect(replayAudit).not.toBeNull();
  });

  it("a replay inside the interval returns the session's current token even after it rotated again", async () => {
    const first = await t.loginAs("user@acme.test");
    const second = await refreshWith(first.refreshToken);
    t.clock.advance(1_000);
    const third = await refreshWith(second.refreshToken);
    t.clock.advance(1_000);
    const lateTab = await refreshWith(first.refreshToken);
    expect(lateTab.refreshToken).toBe(third.refreshToken);
  });

  it("reuse after the interval revokes the whole session, alerts, and answers REFRESH_TOKEN_REUSED", async () => {
    revokedNotices.length = 0;
    const first = await t.loginAs("user@acme.test");
    const second = await refreshWith(first.refreshToken);
    t.clock.advance(11_000);
    await expect(refreshWith(first.refreshToken)).rejects.toMatchObject({ code: "REFRESH_TOKEN_REUSED" });

    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.revokedReason).toBe("refresh-token-reused");
    const live = await t.prisma.refreshToken.count({ where: { sessionId: first.sessionId, revokedAt: null } });
    expect(live).toBe(0);
    const alert = await t.prisma.auditEvent.findFirst({ where: { sessionId: first.sessionId, type: "refresh-token-reused" } });
    expect(alert?.outcome).toBe("alert");
    expect(revokedNotices.map((n) => n.sessionId)).toEqual([first.sessionId]);
    // The legitimate holder is out too, and so is every access token of the session.
    await expect(refreshWith(second.refreshToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(t.service.authenticate(second.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
  });

  it("an expired refresh token answers REFRESH_TOKEN_EXPIRED and changes nothing", async () => {
    const first = await t.loginAs("user@acme.test");
    t.clock.advance(7 * 24 * 3600 * 1000 + 1);
    await expect(refreshWith(first.refreshToken)).rejects.toMatchObject({ code: "REFRESH_TOKEN_EXPIRED" });
    const token = await t.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(first.refreshToken) } });
    expect(token.rotatedAt).toBeNull();
  });

  it("never outlives the session's absolute lifetime, then answers SESSION_EXPIRED", async () => {
    const first = await t.loginAs("user@acme.test");
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    let current = first.refreshToken;
    // Refresh every 6 days: idle expiry keeps moving but is clamped to the absolute expiry.
    for (let day = 6; day < 30; day += 6) {
      t.clock.advance(6 * 24 * 3600 * 1000);
      const pair = await refreshWith(current);
      expect(pair.refreshTokenExpiresAt.getTime()).toBeLessThanOrEqual(session.absoluteExpiresAt.getTime());
      expect(pair.accessTokenExpiresAt.getTime()).toBeLessThanOrEqual(session.absoluteExpiresAt.getTime());
      current = pair.refreshToken;
    }
    t.clock.set(session.absoluteExpiresAt.getTime());
    await expect(refreshWith(current)).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
    const after = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(after.revokedReason).toBe("absolute-expiry");
    await expect(refreshWith(current)).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
    t.clock.set(Date.UTC(2026, 10, 22, 12, 0, 0));
  });

  it("unknown and malformed tokens answer REFRESH_TOKEN_INVALID", async () => {
    await expect(refreshWith("not a token")).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    await expect(refreshWith("A".repeat(43))).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
  });

  /** Makes PostgreSQL fail the audit insert of one event type, i.e. the last write of that operation. */
  async function withFailingAudit(type: string, run: () => Promise<void>) {
    await t.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger AS $$
      BEGIN IF NEW.type = '${type}' THEN RAISE EXCEPTION 'audit write failed'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.prisma.$executeRawUnsafe(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION fail_audit()`);
    try {
      await run();
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER fail_audit ON audit_event`);
    }
  }

  it("rotation is all or nothing: a failing last write leaves the token current and no successor", async () => {
    const first = await t.loginAs("user@acme.test");
    await withFailingAudit("refresh", async () => {
      await expect(refreshWith(first.refreshToken)).rejects.toThrow();
    });
    const tokens = await t.prisma.refreshToken.findMany({ where: { sessionId: first.sessionId } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.rotatedAt).toBeNull();
    await expect(refreshWith(first.refreshToken)).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("reuse handling is all or nothing: a failing alert write revokes nothing", async () => {
    const first = await t.loginAs("user@acme.test");
    const second = await refreshWith(first.refreshToken);
    t.clock.advance(11_000);
    await withFailingAudit("refresh-token-reused", async () => {
      await expect(refreshWith(first.refreshToken)).rejects.toThrow();
    });
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.revokedAt).toBeNull();
    expect(await t.prisma.refreshToken.count({ where: { sessionId: first.sessionId, revokedAt: { not: null } } })).toBe(0);
    // Once the database works again, the reuse is still caught.
    await expect(refreshWith(first.refreshToken)).rejects.toMatchObject({ code: "REFRESH_TOKEN_REUSED" });
    await expect(refreshWith(second.refreshToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
  });
});
