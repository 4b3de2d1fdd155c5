import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { createTokenService } from "../service/create-token-service.ts";
import { createRevocationGuard, type RevocationListPort } from "./create-revocation-guard.ts";

/** An in-memory revocation list that can be switched off like an unreachable Redis. */
function fakeList() {
  const revoked = new Map<string, number>();
  let down = false;
  const list: RevocationListPort & { setDown(v: boolean): void; wipe(): void; size(): number } = {
    revoke: vi.fn(async (sid: string, until: number) => {
      if (down) throw new Error("store down");
      revoked.set(sid, until);
    }),
    isRevoked: vi.fn(async (sid: string) => (down ? ("unknown" as const) : revoked.has(sid))),
    setDown: (v) => void (down = v),
    wipe: () => revoked.clear(),
    size: () => revoked.size,
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
    const findUnique = vi.spyOn(t.prisma.session, "findUnique");
    await expect(service.authenticate(s.accessToken)).resolves.toBeDefined();
    await service.logout({ actor: await service.authenticate(s.accessToken), meta: t.meta });
    expect(list.revoke).toHaveBeenCalledWith(s.sessionId, t.clock() + 905_000);
    await expect(service.authenticate(s.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    expect(findUnique).not.toHaveBeenCalled();
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
    expect(await list.isRevoked(gone.sessionId)).toBe(true);
    await expect(service.authenticate(gone.accessToken)).rejects.toMatchObject({ code: "SESSION_REVOKED" });
  });

  it("a new process starts stale and resyncs revocations whose access tokens may still live", async () => {
    const s = await t.loginAs("manager@acme.test");
    await t.service.logout({ actor: await t.service.authenticate(s.accessToken), meta: t.meta });
    const { list, guard, errors } = setup();
    expect(await guard.resync()).toBeGreaterThan(0);
    expect(await list.isRevoked(s.sessionId)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("reports a failing check as degraded and answers from the database", async () => {
    const { list, guard, service, errors } = setup();
    await guard.resync();
    vi.mocked(list.isRevoked).mockRejectedValueOnce(new Error("boom"));
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
