// GET /api/metrics over real HTTP against the production build: the counters after a known sequence of
// sign-ins, refreshes, a replay, a reuse, a sign-out and rate-limited guesses; the token that protects it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";
import { login, refresh, trpcCall } from "./support/trpc-http";

const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef-xyz";
let app: E2eServer;
beforeAll(async () => {
  app = await startE2eServer({
    METRICS_TOKEN,
    AUTH_REFRESH_REUSE_INTERVAL: "1",
    RATE_LIMIT_DISABLED: "false",
    RATE_LIMIT_LOGIN_IP_POINTS: "3",
  });
});
afterAll(async () => {
  await app?.stop();
});

const scrape = (authorization?: string) =>
  fetch(`${app.url}/api/metrics`, { headers: authorization ? { authorization } : {} });

/** The value of one sample (`name{labels}`), 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
const sumOf = (text: string, name: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);

describe("GET /api/metrics", () => {
  it("needs the bearer token when METRICS_TOKEN is set", async () => {
    expect((await scrape()).status).toBe(401);
    const wrong = await scrape(`Bearer ${METRICS_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Metrics token required" } });
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    const text = await ok.text();
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("counts a known sequence of operations", async () => {
    const before = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const { acmeUser, acmeManager } = DEMO_CREDENTIALS;
    const a = await login(app.url, acmeUser, { from: "127.0.0.2" });
    const b = await login(app.url, acmeManager, { from: "127.0.0.3" });
    expect((await login(app.url, { ...acmeUser, password: "wrong" }, { from: "127.0.0.4" })).status).toBe(401);

    // a: rotated, then the same token again inside the interval: a replay.
    expect((await refresh(app.url, a.data!.refreshToken)).status).toBe(200);
    expect((await refresh(app.url, a.data!.refreshToken)).status).toBe(200);
    // b: rotated, then its old token after the (1 s) interval: reuse, the session revoked.
    expect((await refresh(app.url, b.data!.refreshToken)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await refresh(app.url, b.data!.refreshToken)).error?.authCode).toBe("REFRESH_TOKEN_REUSED");
    // a signs out.
    const out = await trpcCall(app.url, "POST", "auth.logout", undefined, { headers: { authorization: `Bearer ${a.data!.accessToken}` } });
    expect(out.status).toBe(200);
    // Guesses from one address until the limit refuses.
    let refused = 0;
    let failed = 1;
    for (let i = 0; i < 5; i++) {
      const answer = await login(app.url, { ...acmeUser, password: `guess-${i}` }, { from: "127.0.0.9" });
      if (answer.status === 429) refused++;
      else failed++;
    }
    expect(refused).toBeGreaterThan(0);

    const after = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('rotor_logins_total{outcome="success",code=""}')).toBe(2);
    expect(delta('rotor_logins_total{outcome="failure",code="INVALID_CREDENTIALS"}')).toBe(failed);
    expect(delta('rotor_refreshes_total{outcome="rotated",code=""}')).toBe(2);
    expect(delta('rotor_refreshes_total{outcome="replayed",code=""}')).toBe(1);
    expect(delta('rotor_refreshes_total{outcome="failed",code="REFRESH_TOKEN_REUSED"}')).toBe(1);
    expect(delta("rotor_refresh_replays_total")).toBe(1);
    expect(delta("rotor_refresh_token_reuse_detected_total")).toBe(1);
    expect(delta('rotor_sessions_revoked_total{reason="refresh-token-reused"}')).toBe(1);
    expect(delta('rotor_sessions_revoked_total{reason="logout"}')).toBe(1);
    expect(sumOf(after, "rotor_rate_limited_total") - sumOf(before, "rotor_rate_limited_total")).toBe(refused);
    expect(delta('rotor_refresh_duration_seconds_count{outcome="rotated"}')).toBe(2);
    expect(delta('rotor_login_duration_seconds_count{outcome="success"}')).toBe(2);
    // Both sessions of this sequence are over; the gauge reads the database.
    expect(after).toMatch(/^rotor_active_sessions \d+$/m);
  });
});
