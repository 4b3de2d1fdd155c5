// The retention job: how fast it deletes (rows/s over ended sessions, their refresh tokens and old audit
// rows), and whether it slows concurrent rotations. Rotations run through the token service in process
// (no HTTP: the job competes for PostgreSQL, not for Next.js), in alternating phases without and with the
// job deleting alongside, so both sides see the same machine state.
import { createTokenService, createPasswordHasher, generateSigningJwk, importKeySet } from "@rotor/auth";
import { DEMO_PASSWORD, parseRetentionEnv, runCleanup, seedDemoData } from "@rotor/db";
import { createTestDatabase, type TestDatabase } from "@rotor/db/testing";
import type { BenchResult } from "../report.ts";
import { median, percentile, round } from "../stats.ts";

/** The production defaults (batches of 1,000, 20 ms pause between statements). */
const POLICY = parseRetentionEnv({});
const LIFETIMES = {
  accessTokenTtl: 900,
  refreshTokenTtl: 604_800,
  sessionMaxAge: 2_592_000,
  refreshReuseInterval: 10,
  clockTolerance: 5,
  issuer: "rotor-bench",
  audience: "rotor-bench-api",
};

/** Dead rows for the job: `sessions` revoked 35 days ago with `tokensEach` tokens, and as many 100-day-old audit rows as tokens. */
async function seedDeadRows(db: TestDatabase, sessions: number, tokensEach: number): Promise<number> {
  const [user] = await db.prisma.user.findMany({ take: 1, select: { id: true, tenantId: true } });
  if (!user) throw new Error("seed users first");
  await db.pool.query(
    `WITH s AS (
       INSERT INTO "session" (id, user_id, tenant_id, created_at, idle_expires_at, absolute_expires_at, revoked_at, revoked_reason)
       SELECT gen_random_uuid(), $1, $2, now() - interval '40 days', now() - interval '33 days', now() - interval '10 days',
              now() - interval '35 days', 'bench-dead'
         FROM generate_series(1, $3)
       RETURNING id
     )
     INSERT INTO refresh_token (id, session_id, token_hash, created_at, expires_at, rotated_at)
     SELECT gen_random_uuid(), s.id, encode(sha256(gen_random_uuid()::text::bytea), 'hex'), now() - interval '36 days',
            now() - interval '33 days', now() - interval '35 days'
       FROM s, generate_series(1, $4)`,
    [user.id, user.tenantId, sessions, tokensEach],
  );
  await db.pool.query(
    `INSERT INTO audit_event (id, type, outcome, tenant_id, created_at)
     SELECT gen_random_uuid(), 'refresh', 'success', $1, now() - interval '100 days' FROM generate_series(1, $2)`,
    [user.tenantId, sessions * tokensEach],
  );
  await db.pool.query("VACUUM ANALYZE");
  return sessions + 2 * sessions * tokensEach;
}

export async function benchCleanup(adminUrl: string, durationMs = 20_000, clients = 16): Promise<BenchResult> {
  const db = await createTestDatabase(adminUrl, { maxConnections: clients + 2 });
  try {
    await seedDemoData(db.prisma);
    const tokens = createTokenService({
      prisma: db.prisma,
      sql: db.pool,
      keySet: await importKeySet({ keys: [await generateSigningJwk()] }),
      refreshEncryptionKey: new Uint8Array(32).fill(1),
      lifetimes: LIFETIMES,
      passwords: createPasswordHasher(),
    });
    const meta = { ip: "127.0.0.1", userAgent: "bench" };
    const current: string[] = [];
    for (let i = 0; i < clients; i++) {
      const pair = await tokens.login({ tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD, meta });
      current.push(pair.refreshToken);
    }

    // 1. Deletion rate on its own, flat out (no pause between statements).
    const seeded = await seedDeadRows(db, 2000, 50);
    const start = performance.now();
    const alone = await runCleanup(db.pool, { ...POLICY, batchPauseMs: 0 });
    const aloneSeconds = (performance.now() - start) / 1000;
    if (!alone.ran) throw new Error("cleanup lock held");
    const aloneRows = alone.sessions + alone.refreshTokens + alone.auditEvents;
    if (aloneRows !== seeded) throw new Error(`cleanup deleted ${aloneRows} of ${seeded} rows`);

    // 2. Rotations without and with the job, alternating phases.
    const rotate = async (ms: number, latencies: number[]) => {
      const end = performance.now() + ms;
      let errors = 0;
      await Promise.all(
        current.map(async (_, i) => {
          while (performance.now() < end) {
            const t0 = performance.now();
            try {
              current[i] = (await tokens.refresh({ refreshToken: current[i]!, meta })).refreshToken;
              latencies.push(performance.now() - t0);
            } catch {
              errors++;
            }
          }
        }),
      );
      return errors;
    };
    await rotate(2000, []); // warm-up
    const phaseMs = durationMs / 4;
    const without: number[] = [];
    const withJob: number[] = [];
    const rates = { without: [] as number[], with: [] as number[] };
    let errors = 0;
    let deletedAlongside = 0;
    let jobSeconds = 0;
    for (let phase = 0; phase < 4; phase++) {
      const withCleanup = phase % 2 === 1;
      if (withCleanup) await seedDeadRows(db, 1000, 50);
      const latencies: number[] = [];
      const phaseStart = performance.now();
      const job = withCleanup
        ? runCleanup(db.pool, POLICY).then((r) => {
            jobSeconds += (performance.now() - phaseStart) / 1000;
            if (r.ran) deletedAlongside += r.sessions + r.refreshTokens + r.auditEvents;
          })
        : Promise.resolve();
      errors += await rotate(phaseMs, latencies);
      const rate = latencies.length / ((performance.now() - phaseStart) / 1000);
      await job;
      (withCleanup ? rates.with : rates.without).push(rate);
      (withCleanup ? withJob : without).push(...latencies);
    }
    const rateWithout = median(rates.without);
    const rateWith = median(rates.with);
    return {
      name: `Retention cleanup (batches of ${POLICY.batchSize}, ${POLICY.batchPauseMs} ms pause alongside rotations; ${clients} clients rotating in process)`,
      goal: "deletes >= 10,000 rows/s; rotations with the job running >= 80% of without",
      met: aloneRows / aloneSeconds >= 10_000 && rateWith >= 0.8 * rateWithout,
      metrics: {
        "rows deleted (alone)": aloneRows,
        "rows/s deleted (alone)": round(aloneRows / aloneSeconds, 0),
        "rows deleted alongside rotations": deletedAlongside,
        "rows/s deleted alongside rotations": round(deletedAlongside / Math.max(jobSeconds, 1e-3), 0),
        "rotations/s without job": round(rateWithout, 0),
        "rotations/s with job": round(rateWith, 0),
        "with/without": round(rateWith / rateWithout, 2),
        "p99 ms without job": round(percentile(without, 99), 1),
        "p99 ms with job": round(percentile(withJob, 99), 1),
        "rotation errors": errors,
      },
      notes:
        "Each with-job phase starts a cleanup of 1,000 ended sessions × 50 tokens + 50,000 audit rows; the job may " +
        "finish before the phase ends (its own duration is in the alongside rate). PostgreSQL, the job and the " +
        "rotating clients share the machine's cores.",
    };
  } finally {
    await db.drop();
  }
}
