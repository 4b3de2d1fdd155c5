// Brute force without lockout denial of service (OWASP "Slow Down Online Guessing Attacks with Device
// Cookies"): an attacker who does not know the password locks the account for untrusted clients only; the
// real user's device, which signed in before, still gets in; a device that fails too often is itself
// limited; every refusal is audited where the tenant's admins see it. Real database, default limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { TEST_PASSWORD } from "@rotor/auth/testing";
import { createRateLimits } from "@rotor/store";
import { createTestApi, type TestApi } from "./testing/create-test-api.ts";
import { RateLimitedError } from "./rate-limit.ts";

let t: TestApi;
beforeAll(async () => {
  t = await createTestApi();
  t.services.rateLimits = createRateLimits();
});
afterAll(() => t.close());

const retryAfterMs = (e: unknown) => (e instanceof TRPCError && e.cause instanceof RateLimitedError ? e.cause.retryAfterMs : undefined);
const limiterOf = (e: unknown) => (e instanceof TRPCError && e.cause instanceof RateLimitedError ? e.cause.limiter : undefined);

function login(email: string, password: string, from: { ip: string; deviceToken?: string }) {
  const { ip, deviceToken } = from;
  return t
    .caller(undefined, { ip })
    .auth.login({ tenant: "acme", email, password, ...(deviceToken ? { deviceToken } : {}) })
    .catch((e: unknown) => e);
}

/** Wrong guesses from rotating IPs until the account refuses untrusted clients. */
async function lockOut(email: string): Promise<unknown> {
  for (let i = 0; i < 20; i++) {
    const result = await login(email, `guess-${i}`, { ip: `203.0.113.${i + 1}` });
    if (result instanceof TRPCError && result.code === "TOO_MANY_REQUESTS") return result;
  }
  throw new Error("the account never locked");
}

describe("brute force without lockout DoS", () => {
  it("the attacker locks the account for untrusted clients; the user's device still signs in", async () => {
    const email = "user@acme.test";
    const earlier = await login(email, TEST_PASSWORD, { ip: "198.51.100.7" });
    const { deviceToken } = earlier as { deviceToken: string };
    expect(deviceToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const locked = await lockOut(email);
    expect(limiterOf(locked)).toBe("login-account");
    expect(retryAfterMs(locked)).toBeGreaterThan(0);
    // Untrusted: even the right password from a fresh IP is refused while the lockout runs.
    const untrusted = await login(email, TEST_PASSWORD, { ip: "198.51.100.8" });
    expect(untrusted).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Trusted: the device that signed in before gets in, from any IP, and gets its token renewed (same device).
    const trusted = (await login(email, TEST_PASSWORD, { ip: "198.51.100.9", deviceToken })) as { accessToken: string; deviceToken: string };
    expect(trusted.accessToken).toBeTypeOf("string");
    expect(await t.service.deviceTokens.verify(trusted.deviceToken, { tenant: "acme", email })).toBe(
      await t.service.deviceTokens.verify(deviceToken, { tenant: "acme", email }),
    );
    // The trusted sign-in did not lift the attacker's lockout.
    expect(await login(email, "another-guess", { ip: "203.0.113.200" })).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("a device token of another account, a forged or a tampered one leaves the client untrusted", async () => {
    const email = "manager@acme.test";
    const other = (await login("admin@acme.test", TEST_PASSWORD, { ip: "198.51.100.20" })) as { deviceToken: string };
    await lockOut(email);
    const [h, p, s] = other.deviceToken.split(".") as [string, string, string];
    const forged = [
      other.deviceToken,
      `${h}.${p}.${s.slice(0, -2)}AA`,
      `${other.deviceToken}==`,
      (await t.service.login({ tenant: "acme", email, password: TEST_PASSWORD, meta: t.meta })).accessToken,
    ];
    for (const deviceToken of forged) {
      expect(await login(email, TEST_PASSWORD, { ip: "198.51.100.21", deviceToken })).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    }
  });

  it("a device that fails too often is itself locked out of the account; other devices are not", async () => {
    const email = "admin@globex.test";
    const attempt = (password: string, from: { ip: string; deviceToken?: string }) =>
      t
        .caller(undefined, { ip: from.ip })
        .auth.login({ tenant: "globex", email, password, ...(from.deviceToken ? { deviceToken: from.deviceToken } : {}) })
        .catch((e: unknown) => e);
    const stolen = ((await attempt(TEST_PASSWORD, { ip: "198.51.100.30" })) as { deviceToken: string }).deviceToken;
    const mine = ((await attempt(TEST_PASSWORD, { ip: "198.51.100.31" })) as { deviceToken: string }).deviceToken;
    let result: unknown;
    for (let i = 0; i < 15; i++) {
      result = await attempt(`guess-${i}`, { ip: `192.0.2.${i + 1}`, deviceToken: stolen });
      if (result instanceof TRPCError && result.code === "TOO_MANY_REQUESTS") break;
      expect(result).toMatchObject({ code: "UNAUTHORIZED" });
    }
    expect(limiterOf(result)).toBe("login-device");
    // Ten guesses (the default) and no more, from however many IPs.
    expect(await attempt(TEST_PASSWORD, { ip: "192.0.2.99", deviceToken: stolen })).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(Promise.resolve(attempt(TEST_PASSWORD, { ip: "192.0.2.100", deviceToken: mine }))).resolves.toHaveProperty("accessToken");
  });

  it("every refusal is audited with the tenant (and user) it concerns, so /audit shows it", async () => {
    const refusals = await t.prisma.auditEvent.findMany({ where: { type: "rate-limited" } });
    expect(refusals.length).toBeGreaterThanOrEqual(8);
    for (const row of refusals) {
      expect(row.tenantId).not.toBeNull();
      expect(row.userId).not.toBeNull();
      const details = row.details as Record<string, unknown>;
      expect(typeof details.limiter).toBe("string");
      expect(details.retryAfterMs).toMatch(/^\d+$/);
    }
    const admin = await t.loginAs("admin@acme.test");
    const subject = await t.service.authenticate(admin.accessToken);
    const page = await t.service.listTenantAudit(subject, { type: "rate-limited", limit: 100 });
    expect(page.length).toBe(refusals.filter((r) => r.tenantId === t.tenants.acme.id).length);
    expect(refusals.some((r) => (r.details as Record<string, string>).limiter === "login-device" && r.outcome === "alert")).toBe(true);
  });
});
