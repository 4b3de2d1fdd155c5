// Refresh limits are charged by what the rotation did (regressions: racing tabs were charged for replays and
// then refused their next real rotation and even reuse detection with 429; unknown tokens shared one global
// bucket, so 20 garbage tokens anywhere made every unknown token everywhere 429). Real database, default limits.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TRPCError } from "@trpc/server";
import { createRateLimits } from "@rotor/store";
import { createTestApi, type TestApi } from "./testing/create-test-api.ts";
import { RateLimitedError } from "./rate-limit.ts";

let t: TestApi;
beforeAll(async () => {
  t = await createTestApi();
  t.services.rateLimits = createRateLimits();
});
afterAll(() => t.close());

const refresh = (refreshToken: string, ip = "127.0.0.1") =>
  t.caller(undefined, { ip }).auth.refresh({ refreshToken }).catch((e: unknown) => e);
const limiterOf = (e: unknown) => (e instanceof TRPCError && e.cause instanceof RateLimitedError ? e.cause.limiter : undefined);

describe("refresh limits", () => {
  it("a 100-way race of one token gets 100 successes (one rotation, 99 replays); the successor then rotates", async () => {
    const first = await t.loginAs("user@acme.test");
    const results = await Promise.all(Array.from({ length: 100 }, () => refresh(first.refreshToken, "198.51.100.1")));
    const errors = results.filter((r) => r instanceof Error);
    expect(errors).toEqual([]);
    const successors = new Set(results.map((r) => (r as { refreshToken: string }).refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = successors;
    const next = await refresh(successor!, "198.51.100.1");
    expect(next).toHaveProperty("refreshToken");
    expect(await t.prisma.refreshToken.count({ where: { sessionId: first.sessionId } })).toBe(3);
  });

  it("reuse after the interval is detected, never hidden behind a 429, even after racing tabs", async () => {
    const first = await t.loginAs("user@acme.test");
    await Promise.all(Array.from({ length: 30 }, () => refresh(first.refreshToken, "198.51.100.2")));
    t.clock.advance(11_000);
    const reused = await refresh(first.refreshToken, "198.51.100.2");
    expect(reused).toMatchObject({ code: "UNAUTHORIZED" });
    expect((reused as TRPCError).cause).toMatchObject({ code: "REFRESH_TOKEN_REUSED" });
  });

  it("a storm of genuine rotations is still limited per session (20 per 5 min), refused as an alert", async () => {
    const first = await t.loginAs("manager@acme.test");
    let token = first.refreshToken;
    let refused: unknown;
    for (let i = 0; i < 25 && !refused; i++) {
      const result = await refresh(token, "198.51.100.3");
      if (result instanceof TRPCError) refused = result;
      else token = (result as { refreshToken: string }).refreshToken;
    }
    expect(limiterOf(refused)).toBe("refresh-session");
    expect(await t.prisma.refreshToken.count({ where: { sessionId: first.sessionId } })).toBe(21);
    const alert = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: "rate-limited", sessionId: first.sessionId } });
    expect(alert).toMatchObject({ outcome: "alert", tenantId: first.tenantId, userId: first.userId });
  });

  it("unknown tokens are limited per IP: one IP's garbage does not make another IP's unknown token a 429", async () => {
    const garbage = (i: number) => `${"A".repeat(40)}${String(i).padStart(3, "0")}`;
    const answers: unknown[] = [];
    for (let i = 0; i < 21; i++) answers.push(await refresh(garbage(i), "203.0.113.66"));
    expect(answers.slice(0, 20).every((a) => (a as TRPCError).cause && (a as { cause: { code: string } }).cause.code === "REFRESH_TOKEN_INVALID")).toBe(true);
    expect(limiterOf(answers[20])).toBe("refresh-failure-ip");
    const elsewhere = await refresh(garbage(99), "203.0.113.67");
    expect((elsewhere as TRPCError).cause).toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    // ...and a real user on another IP keeps rotating.
    const user = await t.loginAs("admin@acme.test");
    expect(await refresh(user.refreshToken, "203.0.113.68")).toHaveProperty("refreshToken");
  });

  it("a refresh costs no extra lookup of the token (the rotation itself says what happened)", async () => {
    const first = await t.loginAs("admin@globex.test");
    const findUnique = vi.spyOn(t.prisma.refreshToken, "findUnique");
    try {
      expect(await refresh(first.refreshToken, "198.51.100.4")).toHaveProperty("refreshToken");
      expect(findUnique).not.toHaveBeenCalled();
    } finally {
      findUnique.mockRestore();
    }
  });
});
