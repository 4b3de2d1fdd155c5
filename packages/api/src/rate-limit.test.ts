import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createRateLimits } from "@rotor/store";
import { createTestApi, type TestApi } from "./testing/create-test-api.ts";
import { RateLimitedError } from "./rate-limit.ts";

let t: TestApi;
beforeAll(async () => {
  t = await createTestApi();
  t.services.rateLimits = createRateLimits({
    config: {
      loginAccount: { points: 3, windowSec: 60 },
      refreshSession: { points: 5, windowSec: 60 },
    },
  });
});
afterAll(() => t.close());

const cause = (e: unknown) => (e instanceof TRPCError ? e.cause : undefined);

describe("rate limits", () => {
  it("locks an account out after repeated failed sign-ins, with a retry-after and an audit row", async () => {
    const attempt = (password: string) => t.caller().auth.login({ tenant: "acme", email: "manager@acme.test", password }).catch((e: unknown) => e);
    for (let i = 0; i < 3; i++) expect(await attempt("wrong")).toMatchObject({ code: "UNAUTHORIZED" });
    const limited = await attempt("correct horse battery staple");
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(cause(limited)).toBeInstanceOf(RateLimitedError);
    expect((cause(limited) as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: "rate-limited" } });
    expect(audit.outcome).toBe("failure");
    expect(audit.details).toMatchObject({ limiter: "login-account" });
    // Other accounts are unaffected.
    await expect(t.caller().auth.login({ tenant: "acme", email: "user@acme.test", password: "correct horse battery staple" })).resolves.toBeDefined();
  });

  it("a refresh storm from one session is refused and raised as an alert", async () => {
    const first = await t.loginAs("admin@acme.test");
    let token = first.refreshToken;
    let refused: unknown;
    for (let i = 0; i < 10 && !refused; i++) {
      const result = await t.caller().auth.refresh({ refreshToken: token }).catch((e: unknown) => e);
      if (result instanceof TRPCError) refused = result;
      else token = (result as { refreshToken: string }).refreshToken;
      t.clock.advance(1_000);
    }
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const alert = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: "rate-limited", sessionId: first.sessionId } });
    expect(alert.outcome).toBe("alert");
    // The refused refresh changed nothing: the session is intact, only throttled.
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.revokedAt).toBeNull();
  });
});
