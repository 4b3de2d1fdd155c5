// The retention job (@rotor/db's runCleanup) against a real PostgreSQL and the real token service: what it
// deletes and keeps, its lock, and that refreshes racing it keep every answer right.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETENTION_LOCK_KEY, runCleanup, type CleanupResult } from "@rotor/db";
import { generateRefreshToken } from "../refresh-token/refresh-token.ts";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { isAuthError } from "../errors.ts";

const DAY = 24 * 3600 * 1000;
const policy = { sessionGraceSeconds: 24 * 3600, auditRetentionDays: 90, alertRetentionDays: 365, batchSize: 50 };

let t: TestAuth;
beforeAll(async () => {
  t = await createTestAuth();
});
afterAll(() => t.close());

const refreshWith = (refreshToken: string) => t.service.refresh({ refreshToken, meta: t.meta });
const cleanup = (overrides: Partial<typeof policy> = {}) =>
  runCleanup(t.pool, { ...policy, ...overrides }, { now: new Date(t.clock()) });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (isAuthError(error) ? error.code : `unexpected: ${String(error)}`),
  );
const sessionExists = async (id: string) => (await t.prisma.session.count({ where: { id } })) === 1;
const tokenCount = (sessionId: string) => t.prisma.refreshToken.count({ where: { sessionId } });

/** Sessions (with `tokensEach` rotated tokens) that ended `endedMsAgo` ago, written directly. */
async function insertEndedSessions(count: number, tokensEach: number, endedMsAgo: number): Promise<string[]> {
  const ended = new Date(t.clock() - endedMsAgo);
  const ids = Array.from({ length: count }, () => randomUUID());
  await t.prisma.session.createMany({
    data: ids.map((id) => ({
      id,
      userId: t.users.acmeUser.id,
      tenantId: t.tenants.acme.id,
      createdAt: new Date(ended.getTime() - DAY),
      idleExpiresAt: new Date(ended.getTime() + 6 * DAY),
      absoluteExpiresAt: new Date(ended.getTime() + 29 * DAY),
      revokedAt: ended,
      revokedReason: "logout",
    })),
  });
  await t.prisma.refreshToken.createMany({
    data: ids.flatMap((sessionId) =>
      Array.from({ length: tokensEach }, () => ({
        sessionId,
        tokenHash: generateRefreshToken().hash,
        createdAt: ended,
        expiresAt: new Date(ended.getTime() + 6 * DAY),
        rotatedAt: ended,
      })),
    ),
  });
  return ids;
}

describe("retention job", () => {
  it("keeps live sessions with every rotated token, deletes ended sessions with their tokens after the grace, audit by age", async () => {
    const live = await t.loginAs("manager@acme.test");
    let current = live.refreshToken;
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      current = (await refreshWith(current)).refreshToken;
    }
    const loggedOut = await t.loginAs("user@acme.test");
    await t.service.logout({ actor: await t.service.authenticate(loggedOut.accessToken), meta: t.meta });
    const idle = await t.loginAs("admin@acme.test");
    const now = t.clock();
    await t.prisma.auditEvent.createMany({
      data: [
        { type: "refresh", outcome: "success", tenantId: t.tenants.acme.id, createdAt: new Date(now - 91 * DAY) },
        { type: "refresh", outcome: "success", tenantId: t.tenants.acme.id, createdAt: new Date(now - 89 * DAY) },
        { type: "refresh-token-reused", outcome: "alert", tenantId: t.tenants.acme.id, createdAt: new Date(now - 100 * DAY) },
        { type: "refresh-token-reused", outcome: "alert", tenantId: t.tenants.acme.id, createdAt: new Date(now - 366 * DAY) },
      ],
    });
    const auditBefore = await t.prisma.auditEvent.count();

    // Within the grace nothing of a session goes: the logged-out session still answers SESSION_REVOKED.
    t.clock.advance(12 * 3600 * 1000);
    const first = await cleanup();
    expect(first).toMatchObject({ ran: true, sessions: 0, refreshTokens: 0, auditEvents: 1, alerts: 1 });
    expect(await codeOf(refreshWith(loggedOut.refreshToken))).toBe("SESSION_REVOKED");

    // Past the grace the logged-out session and its token go; the live session keeps its 4 tokens.
    t.clock.advance(13 * 3600 * 1000);
    const second = await cleanup();
    expect(second).toMatchObject({ ran: true, sessions: 1, refreshTokens: 1 });
    expect(await sessionExists(loggedOut.sessionId)).toBe(false);
    expect(await codeOf(refreshWith(loggedOut.refreshToken))).toBe("REFRESH_TOKEN_INVALID");
    expect(await tokenCount(live.sessionId)).toBe(4);
    // Audit rows keep naming the deleted session.
    expect(await t.prisma.auditEvent.count({ where: { sessionId: loggedOut.sessionId, type: "logout" } })).toBe(1);
    // The 89-day row and the 100-day alert stay (a day later the first is 90 days old: gone next run).
    expect(await t.prisma.auditEvent.count()).toBeGreaterThanOrEqual(auditBefore - 2);

    // Reuse detection still works on the live session's oldest rotated token, a day later.
    expect(await codeOf(refreshWith(live.refreshToken))).toBe("REFRESH_TOKEN_REUSED");

    // The idle session (signed in about 25 hours ago): idle expiry (7 days) plus the grace.
    expect(await sessionExists(idle.sessionId)).toBe(true);
    t.clock.advance(6 * DAY);
    expect(await codeOf(refreshWith(idle.refreshToken))).toBe("REFRESH_TOKEN_EXPIRED");
    await cleanup();
    expect(await sessionExists(idle.sessionId)).toBe(true);
    t.clock.advance(DAY);
    await cleanup();
    expect(await sessionExists(idle.sessionId)).toBe(false);
    expect(await codeOf(refreshWith(idle.refreshToken))).toBe("REFRESH_TOKEN_INVALID");
  });

  it("pauses between statements, and an abort (shutdown) ends the pause and the run", async () => {
    const ids = await insertEndedSessions(30, 2, 2 * DAY);
    const controller = new AbortController();
    // A pause far longer than the test's safety net: the run can only end this soon if the abort ends it.
    const run = runCleanup(t.pool, { ...policy, batchSize: 10, batchPauseMs: 600_000 }, { now: new Date(t.clock()), signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await run;
    expect(result.ran).toBe(true);
    // Stopped after at most a few statements: the ended sessions are not all gone yet.
    expect(await t.prisma.session.count({ where: { id: { in: ids } } })).toBeGreaterThan(0);
    await cleanup(); // leave nothing behind for the other tests
  }, 30_000);

  it("runs on one connection at a time: a second run while the lock is held skips", async () => {
    const holder = await t.pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [RETENTION_LOCK_KEY]);
      await expect(cleanup()).resolves.toEqual({ ran: false, reason: "locked" });
      await holder.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      await expect(cleanup()).resolves.toMatchObject({ ran: true });
    } finally {
      holder.release();
    }
  });

  it("rotations, races and reuse while the cleanup runs in a loop: every answer stays correct", async () => {
    const dead = await insertEndedSessions(300, 10, 10 * DAY);
    const live = await Promise.all(["manager@acme.test", "user@acme.test", "admin@acme.test", "admin@globex.test"].map((e) => t.loginAs(e)));
    const liveBefore = await Promise.all(live.map((s) => tokenCount(s.sessionId)));

    let stop = false;
    const runs: CleanupResult[] = [];
    const loop = (async () => {
      while (!stop) runs.push(await cleanup({ batchSize: 25 }));
    })();

    const ROUNDS = 6;
    const answers: string[] = [];
    try {
      const currents = live.map((s) => s.refreshToken);
      const originals = [...currents];
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          currents.map(async (token, i) => {
            // Five tabs race one token: one rotation, five identical successors.
            const racing = await Promise.all(Array.from({ length: 5 }, () => refreshWith(token)));
            const successors = new Set(racing.map((r) => r.refreshToken));
            answers.push(successors.size === 1 ? "one-successor" : `forked:${successors.size}`);
            currents[i] = racing[0]!.refreshToken;
            await t.service.authenticate(racing[0]!.accessToken);
          }),
        );
        t.clock.advance(11_000); // past the reuse interval: the previous tokens are now reuse
      }
      // Half the sessions see their first token replayed: reuse, the session revoked, its head refused.
      const reused = await Promise.all(originals.slice(0, 2).map((token) => codeOf(refreshWith(token))));
      const heads = await Promise.all(currents.map((token) => codeOf(refreshWith(token))));
      expect(reused).toEqual(["REFRESH_TOKEN_REUSED", "REFRESH_TOKEN_REUSED"]);
      expect(heads.slice(0, 2)).toEqual(["SESSION_REVOKED", "SESSION_REVOKED"]);
      expect(heads.slice(2)).toEqual(["OK", "OK"]);
    } finally {
      stop = true;
      await loop;
    }
    expect(answers).toEqual(Array.from({ length: ROUNDS * live.length }, () => "one-successor"));
    // The cleanup really ran alongside, and every dead session went; no live token did.
    expect(runs.filter((r) => r.ran).length).toBeGreaterThan(1);
    await cleanup();
    expect(await t.prisma.session.count({ where: { id: { in: dead } } })).toBe(0);
    expect(await t.prisma.refreshToken.count({ where: { sessionId: { in: dead } } })).toBe(0);
    const liveAfter = await Promise.all(live.map((s) => tokenCount(s.sessionId)));
    expect(liveAfter).toEqual(liveBefore.map((n, i) => n + ROUNDS + (i >= 2 ? 1 : 0)));
  });
});
