// refreshLink against the real Rotor API over HTTP (routers, token service, PostgreSQL): the server's
// TOKEN_EXPIRED contract, its reuse interval and its audit trail, not fakes.
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefreshFailedError, memoryTokenStore } from "@rotor/trpc-refresh-link";
import { createLinkClient, signIn, startRotorApi, type RotorApi } from "./rotorApi.ts";

let api: RotorApi;
beforeAll(async () => {
  api = await startRotorApi();
});
afterAll(() => api.close());

describe("refreshLink over HTTP: expired access token mid-session", () => {
  it.each(["batch", "single"] as const)("a query is refreshed and retried transparently (%s)", async (transport) => {
    const { pair, sessionId } = await signIn(api);
    const { client, store, refreshed, failures } = createLinkClient(api, pair, { transport });
    await expect(client.auth.me.query()).resolves.toMatchObject({ email: "user@acme.test", sessionId });
    const before = await api.refreshEvents(sessionId);

    api.expireAccessTokens();
    const statusesBefore = api.statuses.length;
    const me = await client.auth.me.query();

    expect(me).toMatchObject({ email: "user@acme.test", sessionId });
    expect(api.statuses.slice(statusesBefore)).toEqual([401, 200]); // refused, then retried once
    expect(await api.refreshEvents(sessionId)).toBe(before + 1);
    expect(refreshed).toHaveLength(1);
    expect(store.get()?.accessToken).toBe(refreshed[0]?.accessToken);
    expect(failures).toEqual([]);
  });

  it("a mutation is retried after the refresh and its body runs once", async () => {
    const { pair, sessionId } = await signIn(api);
    const other = await signIn(api);
    const { client, refreshed } = createLinkClient(api, pair);

    api.expireAccessTokens();
    await expect(client.auth.sessions.revoke.mutate({ sessionId: other.sessionId })).resolves.toEqual({ ok: true });

    expect(refreshed).toHaveLength(1);
    expect(await api.refreshEvents(sessionId)).toBe(1);
    // The audit row belongs to the actor's session; one row means the procedure body ran once.
    expect(await api.t.prisma.auditEvent.count({ where: { type: "session-revoked", sessionId } })).toBe(1);
    await expect(client.auth.sessions.list.query()).resolves.not.toContainEqual(expect.objectContaining({ id: other.sessionId }));
  });

  it("a batch mixing queries and mutations shares one refresh", async () => {
    const { pair, sessionId } = await signIn(api, "admin@acme.test");
    const victims = await Promise.all([signIn(api), signIn(api)]);
    const { client, refreshed } = createLinkClient(api, pair);

    api.expireAccessTokens();
    const [me, sessions, users, r1, r2] = await Promise.all([
      client.auth.me.query(),
      client.auth.sessions.list.query(),
      client.admin.users.list.query(),
      client.admin.sessions.revoke.mutate({ sessionId: victims[0].sessionId }),
      client.admin.sessions.revoke.mutate({ sessionId: victims[1].sessionId }),
    ]);

    expect(me.sessionId).toBe(sessionId);
    expect(sessions.find((s) => s.current)?.id).toBe(sessionId);
    expect(users.map((u) => u.email)).toContain("admin@acme.test");
    expect([r1, r2]).toEqual([{ ok: true }, { ok: true }]);
    expect(refreshed).toHaveLength(1);
    expect(await api.refreshEvents(sessionId)).toBe(1);
  });

  it("retryMutations: false rejects the mutation with the 401 but still refreshes for the next calls", async () => {
    const { pair, sessionId } = await signIn(api);
    const { client, refreshed } = createLinkClient(api, pair, { retryMutations: false });

    api.expireAccessTokens();
    const error = await client.auth.sessions.revokeOthers.mutate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: "UNAUTHORIZED", authCode: "TOKEN_EXPIRED" });

    await expect(client.auth.me.query()).resolves.toMatchObject({ sessionId });
    expect(refreshed).toHaveLength(1);
    expect(await api.refreshEvents(sessionId)).toBe(1);
  });

  it("a client whose clock knows the token expired refreshes before sending (no 401 at all)", async () => {
    const { pair, sessionId } = await signIn(api);
    // The client's clock follows the server's exactly (no Date header needed).
    const { client, refreshed } = createLinkClient(api, pair, {
      transport: "single",
      clock: { now: () => Date.now() + api.serverOffset() },
      serverDate: false,
    });
    await client.auth.me.query();

    api.expireAccessTokens();
    const statusesBefore = api.statuses.length;
    await expect(Promise.all([client.auth.me.query(), client.auth.sessions.list.query()])).resolves.toHaveLength(2);

    expect(api.statuses.slice(statusesBefore)).toEqual([200, 200]);
    expect(refreshed).toHaveLength(1);
    expect(await api.refreshEvents(sessionId)).toBe(1);
  });
});

describe("refreshLink over HTTP: the session ends", () => {
  it("a revoked session ends in onRefreshFailed, once, with the store cleared", async () => {
    const { pair, sessionId } = await signIn(api);
    const { client, store, failures } = createLinkClient(api, pair);
    await client.auth.me.query();

    await api.t.caller(pair.accessToken).auth.logout(); // e.g. signed out from another device
    const errors = await Promise.all([client.auth.me.query(), client.auth.sessions.list.query()].map((p) => p.catch((e: unknown) => e)));

    for (const error of errors) {
      expect((error as TRPCClientError<never>).data).toMatchObject({ code: "UNAUTHORIZED", authCode: "SESSION_REVOKED" });
    }
    expect(failures).toEqual(["SESSION_REVOKED"]);
    expect(store.get()).toBeNull();
    expect(await api.refreshEvents(sessionId)).toBe(0);
  });

  it("a session revoked while the token was expired: the refresh is rejected and every waiter fails with one error", async () => {
    const { pair, sessionId } = await signIn(api);
    const admin = await signIn(api, "admin@acme.test");
    const { client, store, failures, refreshed } = createLinkClient(api, pair, { transport: "single" });

    await api.t.caller(admin.pair.accessToken).admin.sessions.revoke({ sessionId });
    api.expireAccessTokens();
    const errors = await Promise.all(Array.from({ length: 20 }, () => client.auth.me.query().catch((e: unknown) => e)));

    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toBeInstanceOf(RefreshFailedError);
    expect(errors[0]).toMatchObject({ code: "REFRESH_FAILED", reason: "SESSION_REVOKED", sessionEnded: true });
    expect(failures).toEqual(["SESSION_REVOKED"]);
    expect(refreshed).toEqual([]);
    expect(store.get()).toBeNull();
    expect(await api.refreshEvents(sessionId)).toBe(1); // the one rejected attempt
  });
});

describe("refreshLink over HTTP: concurrency", () => {
  it("two clients sharing one refresh token race, get the same successor, and keep working", async () => {
    const { pair, sessionId } = await signIn(api);
    const a = createLinkClient(api, pair, { transport: "single" });
    const b = createLinkClient(api, pair, { transport: "single" });

    for (let round = 0; round < 2; round++) {
      api.expireAccessTokens();
      const results = await Promise.all([a.client.auth.me.query(), b.client.auth.me.query(), a.client.auth.sessions.list.query()]);
      expect(results[0].sessionId).toBe(sessionId);
      expect(results[1].sessionId).toBe(sessionId);
      // The second refresh presented an already rotated token inside the reuse interval and got the
      // same successor refresh token (with an access token of its own).
      expect(a.store.get()?.refreshToken).toBe(b.store.get()?.refreshToken);
    }

    expect(a.refreshed).toHaveLength(2);
    expect(b.refreshed).toHaveLength(2);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
    expect(await api.refreshEvents(sessionId)).toBe(4);
    expect(await api.t.prisma.auditEvent.count({ where: { type: "refresh-token-reused", sessionId } })).toBe(0);
    await expect(a.client.auth.me.query()).resolves.toMatchObject({ sessionId });
  });

  it.each(["single", "batch"] as const)(
    "1,000 concurrent calls after expiry make exactly one auth.refresh on the server (%s)",
    async (transport) => {
      const { pair, sessionId } = await signIn(api);
      const store = memoryTokenStore(pair);
      const { client, refreshed } = createLinkClient(api, pair, { store, transport });
      await client.auth.me.query();

      api.expireAccessTokens();
      const callsBefore = api.refreshCalls();
      const results = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => (i % 2 ? client.auth.me.query() : client.auth.sessions.list.query())),
      );

      expect(results).toHaveLength(1000);
      expect(results.every((r) => (Array.isArray(r) ? r.some((s) => s.id === sessionId) : r.sessionId === sessionId))).toBe(true);
      expect(api.refreshCalls() - callsBefore).toBe(1);
      expect(await api.refreshEvents(sessionId)).toBe(1);
      expect(refreshed).toHaveLength(1);
    },
    120_000,
  );
});
