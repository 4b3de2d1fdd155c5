// 1,000 concurrent calls on an expired access token against the real API (routers, token service,
// PostgreSQL, HTTP): how many refreshes reach the server (goal: exactly one) and how long until every
// call has settled, next to the same 1,000 calls with a valid token in the same run.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, httpLink, type TRPCLink } from "@trpc/client";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { appRouter, createContext, type AppRouter } from "@rotor/api";
import { createServiceCredentials, createTokenService, generateSigningJwk, importKeySet, lifetimesFromEnv, parseAuthEnv } from "@rotor/auth";
import { DEMO_CREDENTIALS, seedDemoData } from "@rotor/db";
import { createTestDatabase } from "@rotor/db/testing";
import { authHeaders, memoryTokenStore, refreshLink } from "@rotor/trpc-refresh-link";
import superjson from "superjson";
import type { BenchResult } from "../report.ts";
import { median, round } from "../stats.ts";

const CALLS = 1_000;
const ROUNDS = 3;
/** Requests on the wire at once for the unbatched client, like a browser's per-host connection cap. */
const MAX_IN_FLIGHT = 64;

function limitedFetch(max: number): typeof fetch {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (input, init) => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await fetch(input, init);
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

export async function benchLinkStorm(adminUrl: string): Promise<BenchResult> {
  const db = await createTestDatabase(adminUrl, { maxConnections: 10 });
  await seedDemoData(db.prisma);
  let offset = 0;
  const lifetimes = lifetimesFromEnv(parseAuthEnv({}));
  const tokens = createTokenService({
    prisma: db.prisma,
    sql: db.pool,
    keySet: await importKeySet({ keys: [await generateSigningJwk()] }),
    refreshEncryptionKey: new Uint8Array(randomBytes(32)),
    lifetimes,
    clock: () => Date.now() + offset,
  });
  let refreshes = 0;
  const refresh = tokens.refresh;
  tokens.refresh = (input) => {
    refreshes++;
    return refresh(input);
  };
  const services = { tokens, prisma: db.prisma, serviceCredentials: createServiceCredentials({ prisma: db.prisma, clock: Date.now }) };
  const server = createHTTPServer({
    basePath: "/api/trpc/",
    router: appRouter,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      return createContext({ services, headers, ip: req.socket.remoteAddress ?? null });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;

  try {
    const authClient = createTRPCClient<AppRouter>({ links: [httpLink({ url, transformer: superjson })] });
    const { acmeUser } = DEMO_CREDENTIALS;
    const run = async (transport: "batch" | "single") => {
      const pair = await authClient.auth.login.mutate({ tenant: acmeUser.tenant, email: acmeUser.email, password: acmeUser.password });
      const terminal: TRPCLink<AppRouter> =
        transport === "batch"
          ? httpBatchLink({ url, transformer: superjson, headers: authHeaders, maxURLLength: 2083 })
          : httpLink({ url, transformer: superjson, headers: authHeaders, fetch: limitedFetch(MAX_IN_FLIGHT) });
      const client = createTRPCClient<AppRouter>({
        links: [
          refreshLink<AppRouter>({
            store: memoryTokenStore(pair),
            refresh: (current) => authClient.auth.refresh.mutate({ refreshToken: current.refreshToken }),
          }),
          terminal,
        ],
      });
      const burst = async () => {
        const start = performance.now();
        const settled = await Promise.allSettled(Array.from({ length: CALLS }, () => client.auth.me.query()));
        return { ms: performance.now() - start, failed: settled.filter((s) => s.status === "rejected").length };
      };
      await burst(); // warm-up: connections, caches, JIT
      const valid: number[] = [];
      const expired: number[] = [];
      const refreshCounts: number[] = [];
      let failed = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const v = await burst();
        offset += (lifetimes.accessTokenTtl + lifetimes.clockTolerance + 60) * 1000;
        const before = refreshes;
        const e = await burst();
        valid.push(v.ms);
        expired.push(e.ms);
        refreshCounts.push(refreshes - before);
        failed += v.failed + e.failed;
      }
      return { valid: median(valid), expired: median(expired), refreshCounts, failed };
    };

    const single = await run("single");
    const batch = await run("batch");
    const exactlyOne = [...single.refreshCounts, ...batch.refreshCounts].every((n) => n === 1);
    return {
      name: `refreshLink storm: ${CALLS.toLocaleString("en")} concurrent calls on an expired token (real API over HTTP)`,
      goal: "exactly 1 refresh request per storm",
      met: exactlyOne && single.failed + batch.failed === 0,
      metrics: {
        "refresh requests per storm, httpLink (each round)": single.refreshCounts.join(", "),
        "refresh requests per storm, httpBatchLink (each round)": batch.refreshCounts.join(", "),
        "failed calls": single.failed + batch.failed,
        "httpLink: settle ms, valid token (median)": round(single.valid, 0),
        "httpLink: settle ms, expired token (median)": round(single.expired, 0),
        "httpLink: expired / valid": round(single.expired / single.valid, 2),
        "httpBatchLink: settle ms, valid token (median)": round(batch.valid, 0),
        "httpBatchLink: settle ms, expired token (median)": round(batch.expired, 0),
        "httpBatchLink: expired / valid": round(batch.expired / batch.valid, 2),
        rounds: ROUNDS,
      },
      notes:
        `auth.me calls; the server clock is moved past the access-token lifetime between bursts, so every call ` +
        `first gets TOKEN_EXPIRED and is retried after the one shared refresh. httpLink: one request per call, ` +
        `at most ${MAX_IN_FLIGHT} in flight; httpBatchLink: batches cut at 2,083-character URLs. Client, API ` +
        `server and PostgreSQL share the machine.`,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.drop();
  }
}
