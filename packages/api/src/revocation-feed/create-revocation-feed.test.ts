// The revocation feed against the real token service and database, live events from an in-process store's
// pub/sub (what Redis carries between instances): snapshot then `ready`, live events, tenant scoping, resume
// from Last-Event-ID, the stream ending when the subscription is interrupted, and refused credentials.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore, createRevocationList, revocationChannel, type SubscriptionListener } from "@rotor/store";
import type { IssuedServiceCredential } from "@rotor/auth";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";
import { createRevocationFeed, type RevocationFeed } from "./create-revocation-feed.ts";

const WINDOW_MS = (900 + 5) * 1000;
let t: TestApi;
let feed: RevocationFeed;
let global: IssuedServiceCredential;
let acmeOnly: IssuedServiceCredential;
const store = createMemoryStore();
const list = createRevocationList({ store });
const listeners: SubscriptionListener[] = [];

beforeAll(async () => {
  t = await createTestApi();
  feed = createRevocationFeed({
    prisma: t.prisma,
    credentials: t.services.serviceCredentials,
    subscribe: (listener) => {
      listeners.push(listener);
      return store.subscribe(revocationChannel(), listener);
    },
    windowMs: WINDOW_MS,
    clock: t.clock,
    heartbeatMs: 60_000,
  });
  global = await t.services.serviceCredentials.create({ name: "global", tenantId: null, actor: null, meta: {} });
  acmeOnly = await t.services.serviceCredentials.create({ name: "acme", tenantId: t.tenants.acme.id, actor: null, meta: {} });
});
afterAll(async () => {
  await store.close();
  await t?.close();
});

interface FeedEvent {
  event: string;
  id?: string;
  data: string;
}

/** Reads events off the stream until `stop` says enough (or the stream ends). */
async function readEvents(response: Response, stop: (events: FeedEvent[]) => boolean): Promise<{ events: FeedEvent[]; ended: boolean }> {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: FeedEvent[] = [];
  for (;;) {
    if (stop(events)) {
      await reader.cancel();
      return { events, ended: false };
    }
    const { done, value } = await reader.read();
    if (done) return { events, ended: true };
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
      if (fields.event) events.push({ event: fields.event, data: fields.data ?? "", ...(fields.id ? { id: fields.id } : {}) });
    }
  }
}

const open = (credential: string, lastEventId?: string) =>
  feed.handle(new Request("http://rotor/api/revocations/stream", { headers: { authorization: `Bearer ${credential}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) } }));

/** Logs a session out the way the app does: database, then the revocation list (which publishes). */
async function logout(accessToken: string) {
  const actor = await t.service.authenticate(accessToken);
  await t.service.logout({ actor, meta: t.meta });
  // The store's TTLs run on real time; the token service's clock is frozen elsewhere.
  await list.revoke(actor.sessionId, Date.now() + WINDOW_MS);
  return actor.sessionId;
}

const sids = (events: FeedEvent[]) => events.filter((e) => e.event === "revoked").map((e) => (JSON.parse(e.data) as { sid: string }).sid);

describe("revocation feed", () => {
  it("snapshot (revoked, not yet expired), ready, then live revocations; ids are the revocation's `until`", async () => {
    const before = await logout((await t.loginAs("user@acme.test")).accessToken);
    const response = await open(global.bearer);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const live = await t.loginAs("user@acme.test");
    let loggedOut: Promise<string> | undefined;
    const { events } = await readEvents(response, (events) => {
      if (events.some((e) => e.event === "ready")) loggedOut ??= logout(live.accessToken);
      return sids(events).includes(live.sessionId);
    });
    const readyAt = events.findIndex((e) => e.event === "ready");
    expect(sids(events.slice(0, readyAt))).toContain(before);
    expect(sids(events.slice(readyAt))).toEqual([live.sessionId]);
    const last = events.at(-1)!;
    expect(last.id).toBe(String((JSON.parse(last.data) as { until: number }).until));
  });

  it("a tenant-scoped credential gets only its tenant's sessions, in the snapshot and live", async () => {
    const globex = await logout((await t.loginAs("admin@globex.test")).accessToken);
    const response = await open(acmeOnly.bearer);
    const acme = await t.loginAs("user@acme.test");
    const otherGlobex = await t.loginAs("admin@globex.test");
    let started = false;
    const { events } = await readEvents(response, (events) => {
      if (!started && events.some((e) => e.event === "ready")) {
        started = true;
        // The other tenant's first, so its absence is proven by the acme one arriving after it.
        void logout(otherGlobex.accessToken).then(() => logout(acme.accessToken));
      }
      return sids(events).includes(acme.sessionId);
    });
    expect(sids(events)).not.toContain(globex);
    expect(sids(events)).not.toContain(otherGlobex.sessionId);
  });

  it("resumes from Last-Event-ID: only revocations since then (less the margin); a malformed id means all", async () => {
    const old = await logout((await t.loginAs("user@acme.test")).accessToken);
    t.clock.advance(5 * 60_000);
    const recent = await logout((await t.loginAs("user@acme.test")).accessToken);
    const oldUntil = t.clock() - 5 * 60_000 + WINDOW_MS;
    const untilReady = (events: FeedEvent[]) => events.some((e) => e.event === "ready");
    const resumed = await readEvents(await open(global.bearer, String(oldUntil + 60_001)), untilReady);
    expect(sids(resumed.events)).toContain(recent);
    expect(sids(resumed.events)).not.toContain(old);
    for (const bad of ["-1", "1e9", "x", "9".repeat(30)]) {
      expect(sids((await readEvents(await open(global.bearer, bad), untilReady)).events)).toEqual(expect.arrayContaining([old, recent]));
    }
  });

  it("ends the stream when the subscription is interrupted (the client resumes and the snapshot covers the gap)", async () => {
    const response = await open(global.bearer);
    let interrupted = false;
    const { ended } = await readEvents(response, (events) => {
      if (!interrupted && events.some((e) => e.event === "ready")) {
        interrupted = true;
        listeners.at(-1)?.onInterrupted?.();
      }
      return false;
    });
    expect(ended).toBe(true);
  });

  it("refuses a missing, malformed, unknown or revoked credential with a fixed 401", async () => {
    const revoked = await t.services.serviceCredentials.create({ name: "gone", tenantId: null, actor: null, meta: {} });
    await t.services.serviceCredentials.revoke({ id: revoked.id, tenantId: null, actor: null, meta: {} });
    const wrongSecret = `${global.id}.${"A".repeat(43)}`;
    for (const credential of ["", "nope", "a.b", `${global.id}.short`, wrongSecret, revoked.bearer]) {
      const response = await open(credential);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "SERVICE_CREDENTIAL_INVALID", message: "Service credential missing, unknown or revoked" } });
    }
  });
});
