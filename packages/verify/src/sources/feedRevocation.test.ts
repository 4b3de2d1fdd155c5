// The feed source against a toy server speaking Rotor's SSE protocol over real HTTP: snapshot on connect,
// live revocations, resume from the last event id after a dropped connection, and the fail-safe rule.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createVerifier } from "../createVerifier.ts";
import { AUDIENCE, ISSUER, SUBJECT, startTokenIssuer, type TokenIssuer } from "../testing/tokenIssuer.ts";
import type { FailSafe, Verifier, VerifierWarning } from "../types.ts";

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(() => issuer.close());

const opened: Verifier[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((v) => v.close()));
  issuer.revoked.clear();
  issuer.feeds.length = 0;
});

/** Waits (on events, not on a duration) until `condition` holds; the time-out is only a safety net. */
async function until(condition: () => boolean | Promise<boolean>, safetyNetMs = 20_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > safetyNetMs) throw new Error("condition not met within the safety net");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function feedVerifier(options: { failSafe?: FailSafe; credential?: string; heartbeatTimeoutMs?: number } = {}) {
  const warnings: VerifierWarning["code"][] = [];
  const verifier = createVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUrl: issuer.jwksUrl,
    revocation: {
      source: "feed",
      url: issuer.feedUrl,
      credential: options.credential ?? issuer.feedCredential,
      reconnectDelayMs: 10,
      ...(options.heartbeatTimeoutMs ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {}),
    },
    ...(options.failSafe ? { failSafe: options.failSafe } : {}),
    onWarning: (w) => warnings.push(w.code),
  });
  opened.push(verifier);
  return { verifier, warnings };
}

const refused = (verifier: Verifier, token: string) =>
  verifier.verify(token).then(
    () => null,
    (e: { code?: string }) => e.code ?? "?",
  );

describe("feed revocation source", () => {
  it("a session revoked before connecting arrives in the snapshot; one revoked later arrives live", async () => {
    const other = "00000000-0000-4000-8000-0000000000aa";
    issuer.revoke(other, Date.now() + 60_000);
    const { verifier } = feedVerifier();
    await verifier.ready();
    await expect(verifier.verify(await issuer.sign({ sid: other }))).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    const token = await issuer.sign();
    await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId: SUBJECT.sessionId });
    issuer.revoke(SUBJECT.sessionId, Date.now() + 60_000);
    await until(async () => (await refused(verifier, token)) === "SESSION_REVOKED");
  });

  it("after a dropped connection it reconnects with Last-Event-ID and gets what was revoked meanwhile", async () => {
    const first = "00000000-0000-4000-8000-0000000000b1";
    const { verifier, warnings } = feedVerifier();
    await verifier.ready();
    issuer.revoke(first, Date.now() + 60_000);
    await until(async () => (await refused(verifier, await issuer.sign({ sid: first }))) === "SESSION_REVOKED");
    const firstUntil = issuer.revoked.get(first);

    issuer.dropFeeds();
    // Revoked while the verifier is away: only the resumed snapshot can carry it.
    const feedsBefore = issuer.feeds.length;
    issuer.feeds.length = 0;
    const missed = "00000000-0000-4000-8000-0000000000b2";
    issuer.revoked.set(missed, Date.now() + 120_000);
    await until(() => issuer.feeds.length > 0);
    expect(feedsBefore).toBe(1);
    expect(issuer.feeds[0]?.lastEventId).toBe(String(firstUntil));
    await until(async () => (await refused(verifier, await issuer.sign({ sid: missed }))) === "SESSION_REVOKED");
    expect(warnings).toContain("REVOCATION_SOURCE_DOWN");
  });

  it("fails closed (REVOCATION_UNAVAILABLE, 503) when it never connected and failClosedAfterMs is 0", async () => {
    const { verifier, warnings } = feedVerifier({ credential: "wrong", failSafe: { failClosedAfterMs: 0 } });
    await until(() => warnings.includes("FEED_REFUSED"));
    await expect(verifier.verify(await issuer.sign())).rejects.toMatchObject({ code: "REVOCATION_UNAVAILABLE", status: 503 });
    expect(verifier.status()).toMatchObject({ source: "feed", healthy: false, lastHealthyAt: null });
  });

  it("accept-with-warning accepts while the feed is down and warns once", async () => {
    const { verifier, warnings } = feedVerifier({ credential: "wrong", failSafe: "accept-with-warning" });
    await until(() => warnings.includes("FEED_REFUSED"));
    const token = await issuer.sign();
    await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId: SUBJECT.sessionId });
    await expect(verifier.verify(token)).resolves.toBeDefined();
    expect(warnings.filter((w) => w === "ACCEPTED_UNCHECKED")).toEqual(["ACCEPTED_UNCHECKED"]);
  });

  it("a silent connection counts as down after heartbeatTimeoutMs and is reopened", async () => {
    const { verifier, warnings } = feedVerifier({ heartbeatTimeoutMs: 200, failSafe: { failClosedAfterMs: 0 } });
    await verifier.ready();
    // The toy server sends no heartbeats: the watchdog aborts and the verifier reconnects.
    await until(() => issuer.feeds.length >= 2);
    expect(warnings).toContain("REVOCATION_SOURCE_DOWN");
  });
});
