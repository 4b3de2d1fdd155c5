// Test fixture: a real database of its own, two tenants with users, a token service on a frozen clock.
import { inject } from "vitest";
import { createTestDatabase } from "@rotor/db/testing";
import { createTokenService, type CreateTokenServiceOptions } from "../service/create-token-service.ts";
import { generateSigningJwk, importKeySet } from "../keys/key-set.ts";
import { createPasswordHasher } from "../password/password-hasher.ts";
import type { TokenLifetimes } from "../env.ts";

export const TEST_PASSWORD = "correct horse battery staple";

export const testLifetimes: TokenLifetimes = {
  accessTokenTtl: 900,
  refreshTokenTtl: 7 * 24 * 3600,
  sessionMaxAge: 30 * 24 * 3600,
  refreshReuseInterval: 10,
  clockTolerance: 5,
  issuer: "rotor-test",
  audience: "rotor-test-api",
};

export interface TestClock {
  (): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createTestClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}

export async function createTestAuth(overrides: Partial<CreateTokenServiceOptions> & { lifetimes?: Partial<TokenLifetimes> } = {}) {
  const database = await createTestDatabase(inject("rotorPgUrl"));
  const { prisma } = database;
  const clock = createTestClock();
  const keySet = await importKeySet({ keys: [await generateSigningJwk()] });
  const passwords = createPasswordHasher();
  const passwordHash = await passwords.hash(TEST_PASSWORD);
  const acme = await prisma.tenant.create({ data: { slug: "acme", name: "Acme" } });
  const globex = await prisma.tenant.create({ data: { slug: "globex", name: "Globex" } });
  const mk = (tenantId: string, email: string, role: "ADMIN" | "MANAGER" | "USER") =>
    prisma.user.create({ data: { tenantId, email, role, passwordHash } });
  const users = {
    acmeAdmin: await mk(acme.id, "admin@acme.test", "ADMIN"),
    acmeManager: await mk(acme.id, "manager@acme.test", "MANAGER"),
    acmeUser: await mk(acme.id, "user@acme.test", "USER"),
    globexAdmin: await mk(globex.id, "admin@globex.test", "ADMIN"),
  };
  const { lifetimes: lifetimeOverrides, ...rest } = overrides;
  const service = createTokenService({
    prisma,
    sql: database.pool,
    keySet,
    refreshEncryptionKey: new Uint8Array(32).fill(7),
    lifetimes: { ...testLifetimes, ...lifetimeOverrides },
    clock,
    passwords,
    ...rest,
  });
  const loginAs = (email: string, tenant = email.endsWith("@globex.test") ? "globex" : "acme") =>
    service.login({ tenant, email, password: TEST_PASSWORD, meta: { ip: "127.0.0.1", userAgent: "vitest" } });
  return {
    ...database,
    clock,
    keySet,
    service,
    tenants: { acme, globex },
    users,
    loginAs,
    meta: { ip: "127.0.0.1", userAgent: "vitest" },
    async close() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

export type TestAuth = Awaited<ReturnType<typeof createTestAuth>>;
