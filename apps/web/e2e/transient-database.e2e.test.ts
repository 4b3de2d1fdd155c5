// PostgreSQL connections killed under load (pg_terminate_backend, SQLSTATE 57P01, as a failover or an
// operator would) against the production build: every answer is a success or a 503 SERVICE_UNAVAILABLE
// with Retry-After, never a 500; the rotation statement is retried once, so most refreshes never notice;
// and every refresh chain still works afterwards (nothing half-written, no reuse alarm).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@rotor/db";
import { jsonPost, rawRequest, trpcError } from "./support/http-probe";
import { startE2eServer, type E2eServer } from "./support/start-e2e-server";

let app: E2eServer;
let killer: pg.Client;
beforeAll(async () => {
  // Long-lived access tokens: a chain that meets several 503s in a row must not see TOKEN_EXPIRED meanwhile.
  app = await startE2eServer({ DATABASE_POOL_SIZE: "4", AUTH_ACCESS_TOKEN_TTL: "300" });
  killer = new pg.Client({ connectionString: app.db.connectionString, application_name: "rotor-e2e-killer" });
  killer.on("error", () => undefined);
  await killer.connect();
});
afterAll(async () => {
  await killer?.end().catch(() => undefined);
  await app?.stop();
});

interface Pair {
  accessToken: string;
  refreshToken: string;
}

async function login(): Promise<Pair> {
  const who = DEMO_CREDENTIALS.acmeUser;
  const res = await rawRequest(app.url, jsonPost("/api/trpc/auth.login", { tenant: who.tenant, email: who.email, password: who.password }));
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: { json: Pair } } }).result.data.json;
}

/** Terminates every connection the app holds to its database. */
async function terminateAppConnections(): Promise<number> {
  const { rows } = await killer.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'rotor-e2e-killer'`,
  );
  for (const { pid } of rows) await killer.query("SELECT pg_terminate_backend($1)", [pid]);
  return rows.length;
}

describe("transient database failures", () => {
  it("answers success or 503 with Retry-After while connections are being terminated, and every chain survives", async () => {
    const chains = await Promise.all(Array.from({ length: 6 }, () => login()));
    const statuses = new Map<number, number>();
    const unavailable: Array<{ retryAfter: string | string[] | undefined; body: string }> = [];
    const other: string[] = [];
    let killed = 0;
    let running = true;

    const killing = (async () => {
      while (running) {
        killed += await terminateAppConnections();
        await new Promise((r) => setTimeout(r, 40));
      }
    })();

    const work = chains.map(async (chain) => {
      for (let i = 0; i < 25; i++) {
        const refresh = await rawRequest(app.url, jsonPost("/api/trpc/auth.refresh", { refreshToken: chain.refreshToken }));
        const me = await rawRequest(app.url, { path: "/api/trpc/auth.me", headers: { authorization: `Bearer ${chain.accessToken}` } });
        for (const res of [refresh, me]) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 503) unavailable.push({ retryAfter: res.headers["retry-after"], body: res.body });
          if (res.status !== 200 && res.status !== 503) other.push(`${res === refresh ? "refresh" : "me"} ${res.status} ${res.body}`);
        }
        // On a 503 the same token is presented again (a client's retry); inside the reuse interval a
        // rotation whose answer was lost comes back as the same successor.
        if (refresh.status === 200) Object.assign(chain, (JSON.parse(refresh.body) as { result: { data: { json: Pair } } }).result.data.json);
      }
    });
    await Promise.all(work);
    running = false;
    await killing;

    console.log(`[transient] statuses ${JSON.stringify(Object.fromEntries(statuses))}, connections terminated ${killed}`);
    expect(killed).toBeGreaterThan(0);
    expect(other).toEqual([]);
    for (const { retryAfter, body } of unavailable) {
      expect(retryAfter).toBe("1");
      expect(trpcError(body)).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE", errorCode: "SERVICE_UNAVAILABLE", retryAfterMs: 1000 } });
      expect(body).not.toMatch(/terminat|administrator|57P01|Connection/i);
    }

    // Afterwards every chain rotates normally and nothing was mistaken for reuse.
    for (const chain of chains) {
      const res = await rawRequest(app.url, jsonPost("/api/trpc/auth.refresh", { refreshToken: chain.refreshToken }));
      expect(res.status, res.body).toBe(200);
    }
    expect(await app.db.prisma.auditEvent.count({ where: { type: "refresh-token-reused" } })).toBe(0);
  });
});
