import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { createTokenService } from "../service/create-token-service.ts";
import { signAccessToken } from "../access-token/sign-access-token.ts";
import { createRevocationGuard, type RevocationListPort } from "./create-revocation-guard.ts";

/** An in-memory revocation list that can be switched off like an unreachable Redis. */
function fakeList() {
  const revoked = new Map<string, number>();
  const bindings = new Map<string, string>();
  let down = false;
  const list: RevocationListPort & {
    setDown(v: boolean): void;
    wipe(): void;
    isRevoked(sid: string): boolean;
    bindings: Map<string, string>;
  } = {
    revoke: vi.fn(async (sid: string, until: number) => {
      if (down) throw new Error("store down");
      revoked.set(sid, until);
      bindings.delete(sid);
    }),
    lookup: vi.fn(async (sid: string) =>
      down ? ("unknown" as const) : revoked.has(sid) ? { revoked: true as const } : { revoked: false as const, binding: bindings.get(sid) ?? null },
    ),
    rememberBinding: vi.fn(async (sid: string, binding: string) => {
      if (down) throw new Error("store down");
      if (!revoked.has(sid) && !bindings.has(sid)) bindings.set(sid, binding);
    }),
    setDown: (v) => void (down = v),
    wipe: () => {
      revoked.clear();
      bindings.clear();
    },
    isRevoked: (sid) => revoked.has(sid),
    bindings,
  };
  return list;
}

let t: TestAuth;
beforeAll(async () => {
  t = await createTestAuth();
});
afterAll(() => t.close());

function setup() {
  const list = fakeList();
  const errors: string[] = [];
  const guard = createRevocationGuard({
    prisma: t.prisma,
    sql: t.service.deps.sql,
    clock: t.clock,
    lifetimes: { accessTokenTtl: 900, clockTolerance: 5 },
    revocations: list,
    onError: (_e, context) => void errors.push(context),
  });
  const service = createTokenService({
    ...t.service.deps,
    refreshEncryptionKey: new Uint8Array(32).fill(7),
    sessionGuard: guard.sessionGuard,
    onSessionsRevoked: guard.publish,
  });
  return { list, guard, service, errors };
}

describe("revocation guard", () => {
  it("after the startup resync, answers from the list alone: a revocation is honoured without the database", async () => {
    const { list, guard, service } = setup();
    await guard.resync();
    const s = await t.loginAs("user@acme.test");
    // The first request of a session asks the database once and remembers the session's binding.
    await expect(service.authenticate(s.accessToken)).resolves.toBeDefined();
    expect(list.bindings.get(s.sessionId)).toBe(`${s.userId}:${s.tenantId}:USER`);
    const queryRaw = vi.spyOn(t.prisma, "$queryRaw");
    const findUnique = vi.spyOn(t.prisma.session, "findUnique");
    await expect(service.authenticate(s.accessToken)).resolves.toBeDefined();
    await service.logout({ actor: await service.authenticate(s.accessToken), meta: t.meta });
    expect(list.revoke).toHaveBeenCalledWith(s.sessionId, t.clock() + 905_000);
    await expect(service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    expect(queryRaw).not.toHaveBeenCalled();
    expect(findUnique).not.toHaveBeenCalled();
    queryRaw.mockRestore();
    findUnique.mockRestore();
  });

  it("falls back to the database when the list cannot answer, and never silently passes", async () => {
    const { list, guard, service } = setup();
    await guard.resync();
    const alive = await t.loginAs("user@acme.test");
    const gone = await t.loginAs("user@acme.test");
    list.setDown(true);
    // Revoked while the list is down: the publish fails, the database still knows.
    await service.logout({ actor: await service.authenticate(gone.accessToken), meta: t.meta });
    await expect(service.authenticate(gone.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(service.authenticate(alive.accessToken)).resolves.toBeDefined();
    // Back up but empty (a restarted Redis): the database keeps answering until the resync copied the miss.
    list.setDown(false);
    list.wipe();
    await expect(service.authenticate(gone.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await guard.resync();
    expect(list.isRevoked(gone.sessionId)).toBe(true);
    await expect(service.authenticate(gone.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
  });

  it("a new process starts stale and resyncs revocations whose access tokens may still live", async () => {
    const s = await t.loginAs("manager@acme.test");
    await t.service.logout({ actor: await t.service.authenticate(s.accessToken), meta: t.meta });
    const { list, guard, errors } = setup();
    expect(await guard.resync()).toBeGreaterThan(0);
    expect(list.isRevoked(s.sessionId)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("reports a failing check as degraded and answers from the database", async () => {
    const { list, guard, service, errors } = setup();
    await guard.resync();
    vi.mocked(list.lookup).mockRejectedValueOnce(new Error("boom"));
    const s = await t.loginAs("user@acme.test");
    await expect(service.authenticate(s.accessToken)).resolves.toBeDefined();
    expect(errors).toContain("check");
  });

  it("reports a failing resync without throwing", async () => {
    const { list, guard, errors } = setup();
    const s = await t.loginAs("user@acme.test");
    await t.service.logout({ actor: await t.service.authenticate(s.accessToken), meta: t.meta });
    list.setDown(true);
    await expect(guard.resync()).resolves.toBe(0);
    expect(errors).toContain("resync");
  });
});

describe("session binding (regression: the check only asked whether sid was revoked)", () => {
  /** A token signed with the real key (what a holder of the signing key could mint) for any claims. */
  const mint = (claims: { userId: string; sessionId: string; tenantId: string; role: "ADMIN" | "MANAGER" | "USER" }) =>
    signAccessToken(t.service.deps, claims, new Date(t.clock() + 3_600_000)).then((signed) => signed.token);

  it.each([
    ["another user", () => ({ userId: t.users.acmeAdmin.id }), "TOKEN_INVALID"],
    ["another tenant", () => ({ tenantId: t.tenants.globex.id }), "TOKEN_INVALID"],
    ["a higher role", () => ({ role: "ADMIN" as const }), "TOKEN_INVALID"],
    ["a session that does not exist", () => ({ sessionId: "00000000-0000-4000-8000-00000000dead" }), "SESSION_REVOKED"],
  ])("refuses a token claiming %s, with and without a remembered binding, one lookup each", async (_label, change, code) => {
    const { list, guard, service } = setup();
    await guard.resync();
    const s = await t.loginAs("user@acme.test");
    const real = { userId: s.userId, sessionId: s.sessionId, tenantId: s.tenantId, role: s.role };
    const forged = await mint({ ...real, ...change() });
    // Nothing remembered: the database decides, and no binding is remembered for a refused token.
    await expect(service.authenticate(forged)).rejects.toMatchObject({ code });
    expect(list.bindings.size === 0 || !list.bindings.has(s.sessionId)).toBe(true);
    // Remembered (after a genuine request): the list disagrees, the database confirms the refusal.
    await service.authenticate(s.accessToken);
    expect(list.bindings.has(s.sessionId)).toBe(true);
    const lookups = vi.mocked(list.lookup).mock.calls.length;
    await expect(service.authenticate(forged)).rejects.toMatchObject({ code });
    expect(vi.mocked(list.lookup).mock.calls.length).toBe(lookups + 1);
    await expect(service.authenticate(s.accessToken)).resolves.toMatchObject({ userId: s.userId, role: "USER" });
  });

  it("the database guard alone (no list) refuses the same forgeries", async () => {
    const s = await t.loginAs("manager@acme.test");
    const forged = await mint({ userId: s.userId, sessionId: s.sessionId, tenantId: s.tenantId, role: "ADMIN" });
    await expect(t.service.authenticate(forged)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    await expect(t.service.authenticate(s.accessToken)).resolves.toMatchObject({ role: "MANAGER" });
  });

  it("a token whose sub, sid or tid is not a UUID is TOKEN_INVALID before any lookup (regression: P2007 -> 500)", async () => {
    const { list, service } = setup();
    const s = await t.loginAs("user@acme.test");
    for (const change of [{ userId: "admin" }, { sessionId: "x'; --" }, { tenantId: "acme" }]) {
      const forged = await mint({ userId: s.userId, sessionId: s.sessionId, tenantId: s.tenantId, role: s.role, ...change });
      await expect(service.authenticate(forged)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
      await expect(t.service.authenticate(forged)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    }
    expect(list.lookup).not.toHaveBeenCalled();
  });

  it("a role change in the database is honoured: new tokens pass at once, old ones once the binding is forgotten", async () => {
    const { list, guard, service } = setup();
    await guard.resync();
    const s = await t.loginAs("user@acme.test");
    await service.authenticate(s.accessToken);
    await t.prisma.user.update({ where: { id: s.userId }, data: { role: "MANAGER" } });
    try {
      const promoted = await mint({ userId: s.userId, sessionId: s.sessionId, tenantId: s.tenantId, role: "MANAGER" });
      await expect(service.authenticate(promoted)).resolves.toMatchObject({ role: "MANAGER" });
      // The remembered binding lives at most one access-token lifetime, the old token's own lifetime.
      list.bindings.clear();
      await expect(service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
      await expect(service.authenticate(promoted)).resolves.toMatchObject({ role: "MANAGER" });
    } finally {
      await t.prisma.user.update({ where: { id: s.userId }, data: { role: "USER" } });
    }
  });
});
