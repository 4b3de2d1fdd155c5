import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { generateRefreshToken, hashRefreshToken } from "../refresh-token/refresh-token.ts";
import { ROTATE_CURRENT_TOKEN_SQL, rotationValues } from "./rotate-current-token.ts";

let t: TestAuth;

beforeAll(async () => {
  t = await createTestAuth();
});
afterAll(() => t.close());

interface PlanNode {
  "Relation Name"?: string;
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** Every scan of the session table in the plan. */
function sessionAccesses(node: PlanNode): string[] {
  const own = node["Relation Name"] === "session" && node["Node Type"].endsWith("Scan") ? [`${node["Node Type"]} ${node["Index Name"] ?? ""}`.trim()] : [];
  return [...own, ...(node.Plans ?? []).flatMap(sessionAccesses)];
}

describe("the rotation statement", () => {
  // After a mass sign-out nearly every session is revoked, and an analyze then records that revoked_at is
  // (almost) never NULL. Sign-ins that follow are not in the statistics until the next analyze. With every
  // session in session_revoked_at_idx, PostgreSQL then planned `s.revoked_at IS NULL` as a scan of that index
  // and each rotation read live sessions one by one until it met its own.
  it("finds its session by primary key even on statistics taken when nearly every session was revoked", async () => {
    const { acmeUser } = t.users;
    const client = await t.pool.connect();
    try {
      await client.query(`ALTER TABLE "session" SET (autovacuum_enabled = false)`);
      await client.query(
        `INSERT INTO "session" (id, user_id, tenant_id, idle_expires_at, absolute_expires_at, revoked_at, revoked_reason)
         SELECT gen_random_uuid(), $1, $2, now() + interval '1 day', now() + interval '30 days', now(), 'logout-all'
           FROM generate_series(1, 3000)`,
        [acmeUser.id, acmeUser.tenantId],
      );
      await client.query(`ANALYZE "session"`);
      await client.query(
        `WITH live AS (
           INSERT INTO "session" (id, user_id, tenant_id, idle_expires_at, absolute_expires_at)
           SELECT gen_random_uuid(), $1, $2, now() + interval '1 day', now() + interval '30 days' FROM generate_series(1, 3000)
           RETURNING id
         )
         INSERT INTO refresh_token (id, session_id, token_hash, expires_at)
         SELECT gen_random_uuid(), id, md5(id::text), now() + interval '1 day' FROM live`,
        [acmeUser.id, acmeUser.tenantId],
      );
      const signedIn = await t.loginAs("user@acme.test");

      await client.query(`PREPARE rotation AS ${ROTATE_CURRENT_TOKEN_SQL}`);
      const values = rotationValues({
        tokenHash: hashRefreshToken(signedIn.refreshToken),
        now: t.clock(),
        lifetimes: { refreshTokenTtl: 3600, refreshReuseInterval: 10 },
        successorId: randomUUID(),
        successorHash: generateRefreshToken().hash,
        ciphertext: "sealed",
        meta: t.meta,
        latencyMs: 1,
      });
      const literals = values.map((value) => {
        if (value === null) return "NULL";
        if (typeof value === "number") return String(value);
        if (typeof value === "string") return client.escapeLiteral(value);
        throw new Error(`unexpected rotation parameter ${typeof value}`);
      });
      // Both plans a named statement can run on: planned for these values, and the generic plan PostgreSQL
      // switches to after five executions.
      for (const mode of ["force_custom_plan", "force_generic_plan"]) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) EXECUTE rotation(${literals.join(", ")})`);
        const accesses = sessionAccesses(rows[0]!["QUERY PLAN"][0].Plan);
        expect(accesses.length, mode).toBeGreaterThan(0);
        expect(accesses.every((access) => access === "Index Scan session_pkey"), `${mode}: ${accesses.join(", ")}`).toBe(true);
      }
    } finally {
      await client.query(`ALTER TABLE "session" RESET (autovacuum_enabled)`).catch(() => undefined);
      // The connection carries a prepared statement and a planner setting: not for the pool.
      client.release(true);
    }
  });
});
