// refreshLink's cost per operation with a valid token, next to the same chain without it, in one run.
// The terminating side is in-process (a canned-response fetch under tRPC's real httpLink, and a bare
// terminating link) so the network doesn't hide a few microseconds.
import { createTRPCUntypedClient, httpLink, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { authHeaders, memoryTokenStore, refreshLink, type TokenPair } from "@rotor/trpc-refresh-link";
import superjson from "superjson";
import type { BenchResult } from "../report.ts";
import { median, round } from "../stats.ts";

const OPS_PER_SAMPLE = 2_000;
const ROUNDS = 25;
const WARMUP_ROUNDS = 3;
const GOAL_US = 5;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function validPair(): TokenPair {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + 3600;
  const claims = { sub: "bench", sid: "bench-session", iat: now, exp, jti: "bench" };
  return {
    accessToken: `${b64url({ alg: "ES256", typ: "at+jwt" })}.${b64url(claims)}.${"s".repeat(86)}`,
    refreshToken: "r".repeat(43),
    tokenType: "Bearer",
    accessTokenExpiresAt: new Date(exp * 1000),
    refreshTokenExpiresAt: new Date((now + 7 * 86400) * 1000),
  };
}

/** A tRPC server answer for every request, as the standalone adapter would send it. */
function cannedFetch(): typeof fetch {
  const body = JSON.stringify({ result: { data: superjson.serialize({ ok: true }) } });
  return async () =>
    new Response(body, { status: 200, headers: { "content-type": "application/json", date: new Date().toUTCString() } });
}

/** Answers every operation synchronously: the cheapest possible end of a chain. */
const bareTerminal: TRPCLink<AnyRouter> = () => () =>
  observable((observer) => {
    observer.next({ result: { type: "data", data: { ok: true } } });
    observer.complete();
  });

function withRefresh(terminal: TRPCLink<AnyRouter>): TRPCLink<AnyRouter>[] {
  return [
    refreshLink({
      store: memoryTokenStore(validPair()),
      refresh: () => Promise.reject(new Error("the token is valid: no refresh expected")),
    }),
    terminal,
  ];
}

/**
 * Wall and CPU time per op. Everything here is in-process, so CPU time is the same work minus the
 * time the OS gave our core to other processes: on a shared machine it is the steadier of the two.
 */
async function perOpMicros(client: ReturnType<typeof createTRPCUntypedClient>): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < OPS_PER_SAMPLE; i++) await client.query("bench.ping");
  const cpu = process.cpuUsage(cpuStart);
  return {
    wall: ((performance.now() - start) * 1000) / OPS_PER_SAMPLE,
    cpu: (cpu.user + cpu.system) / OPS_PER_SAMPLE,
  };
}

interface Pairing {
  plain: number[];
  linked: number[];
  /** linked - plain, per round (paired, so drifting machine load cancels out). */
  overhead: number[];
  /** The same difference in CPU time. */
  cpuOverhead: number[];
}

async function measure(plainLinks: TRPCLink<AnyRouter>[], linkedLinks: TRPCLink<AnyRouter>[]): Promise<Pairing> {
  const plain = createTRPCUntypedClient({ links: plainLinks });
  const linked = createTRPCUntypedClient({ links: linkedLinks });
  const result: Pairing = { plain: [], linked: [], overhead: [], cpuOverhead: [] };
  for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
    // Alternate which chain goes first so neither always runs on a warmer (or busier) machine.
    const first = r % 2 === 0;
    const a = first ? await perOpMicros(plain) : undefined;
    const b = await perOpMicros(linked);
    const c = a ?? (await perOpMicros(plain));
    if (r < WARMUP_ROUNDS) continue;
    result.plain.push(c.wall);
    result.linked.push(b.wall);
    result.overhead.push(b.wall - c.wall);
    result.cpuOverhead.push(b.cpu - c.cpu);
  }
  return result;
}

export async function benchLinkOverhead(): Promise<BenchResult> {
  const fetch = cannedFetch();
  const http = (headers: boolean) =>
    httpLink({ url: "http://rotor.bench/api/trpc", fetch, transformer: superjson, ...(headers ? { headers: authHeaders } : {}) });
  const bare = await measure([bareTerminal], withRefresh(bareTerminal));
  const viaHttp = await measure([http(false)], withRefresh(http(true)));

  const overheadHttp = median(viaHttp.overhead);
  const overheadBare = median(bare.overhead);
  return {
    name: "refreshLink overhead per operation (valid token)",
    goal: `<= ${GOAL_US} µs per operation over a plain httpLink chain`,
    met: overheadHttp <= GOAL_US,
    metrics: {
      "httpLink chain, µs/op (median)": round(median(viaHttp.plain), 2),
      "refreshLink + httpLink, µs/op (median)": round(median(viaHttp.linked), 2),
      "overhead vs httpLink, µs/op (median of paired rounds)": round(overheadHttp, 2),
      "bare terminating link, µs/op (median)": round(median(bare.plain), 2),
      "refreshLink + bare link, µs/op (median)": round(median(bare.linked), 2),
      "overhead vs bare link, µs/op (median of paired rounds)": round(overheadBare, 2),
      "CPU overhead vs httpLink, µs/op (median of paired rounds)": round(median(viaHttp.cpuOverhead), 2),
      "CPU overhead vs bare link, µs/op (median of paired rounds)": round(median(bare.cpuOverhead), 2),
      rounds: ROUNDS,
      "ops per sample": OPS_PER_SAMPLE,
    },
    notes:
      "Sequential awaited queries in one process. httpLink uses a canned-response fetch (no sockets) and " +
      "superjson, so the chain does the real header building, serialisation and response parsing; the bare " +
      "link isolates refreshLink's own work (store read, JWT exp decode, Date header, context, observable).",
  };
}
