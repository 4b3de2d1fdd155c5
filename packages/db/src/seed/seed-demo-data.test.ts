import { hash, verify } from "@node-rs/argon2";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/create-test-database.ts";
import { DEMO_CREDENTIALS } from "./demo-credentials.ts";
import { seedDemoData } from "./seed-demo-data.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase(inject("rotorPgUrl"));
});

afterEach(async () => {
  await database.drop();
});

describe("seedDemoData", () => {
  it("creates the demo tenants and users with argon2id hashes of the demo password", async () => {
    const result = await seedDemoData(database.prisma, { nodeEnv: "test" });

    expect(result).toEqual({ tenants: 2, usersCreated: 4, usersUpdated: 0 });
    const tenants = await database.prisma.tenant.findMany({ orderBy: { slug: "asc" } });
    expect(tenants.map((t) => [t.slug, t.name])).toEqual([
      ["acme", "Acme Corp"],
      ["globex", "Globex Corporation"],
    ]);
    const users = await database.prisma.user.findMany({ include: { tenant: true } });
    expect(users.map((u) => `${u.tenant.slug} ${u.email} ${u.role}`).sort()).toEqual([
      "acme admin@acme.test ADMIN",
      "acme manager@acme.test MANAGER",
      "acme user@acme.test USER",
      "globex admin@globex.test ADMIN",
    ]);
    for (const user of users) {
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verify(user.passwordHash, DEMO_CREDENTIALS.acmeAdmin.password)).toBe(true);
    }
  });

  it("is idempotent", async () => {
    await seedDemoData(database.prisma, { nodeEnv: "test" });
    const before = await database.prisma.user.findMany({ orderBy: { email: "asc" } });

    const again = await seedDemoData(database.prisma, { nodeEnv: "test" });

    expect(again).toEqual({ tenants: 2, usersCreated: 0, usersUpdated: 0 });
    expect(await database.prisma.user.findMany({ orderBy: { email: "asc" } })).toEqual(before);
    expect(await database.prisma.tenant.count()).toBe(2);
  });

  it("repairs a demo user whose password or role was changed", async () => {
    await seedDemoData(database.prisma, { nodeEnv: "test" });
    const acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    const where = { tenantId_email: { tenantId: acme.id, email: DEMO_CREDENTIALS.acmeUser.email } };
    await database.prisma.user.update({ where, data: { role: "ADMIN", passwordHash: await hash("someone-changed-it") } });
    const acmeManager = { tenantId_email: { tenantId: acme.id, email: DEMO_CREDENTIALS.acmeManager.email } };
    await database.prisma.user.update({ where: acmeManager, data: { passwordHash: "not-an-argon2-hash" } });

    expect(await seedDemoData(database.prisma, { nodeEnv: "test" })).toMatchObject({ usersCreated: 0, usersUpdated: 2 });

    const repaired = await database.prisma.user.findUniqueOrThrow({ where });
    expect(repaired.role).toBe("USER");
    expect(await verify(repaired.passwordHash, DEMO_CREDENTIALS.acmeUser.password)).toBe(true);
  });

  it("refuses to run when NODE_ENV is production, writing nothing", async () => {
    await expect(seedDemoData(database.prisma, { nodeEnv: "production" })).rejects.toMatchObject({
      code: "SEED_REFUSED_IN_PRODUCTION",
    });
    expect(await database.prisma.tenant.count()).toBe(0);
  });
});
