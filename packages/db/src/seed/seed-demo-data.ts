// Idempotent demo data: running it again changes nothing, and repairs demo accounts whose password or
// role someone changed, so documented demo logins always work.
import { hash, verify } from "@node-rs/argon2";
import type { PrismaClient } from "../generated/client.ts";
import { isProduction, readDbEnv } from "../env.ts";
import { DEMO_CREDENTIALS, DEMO_TENANTS } from "./demo-credentials.ts";
import { SeedRefusedError } from "./seed-refused-error.ts";

export interface SeedDemoDataOptions {
  /**
   * Seeding is refused when this is "production".
   * @default NODE_ENV
   */
  nodeEnv?: string;
}

export interface SeedDemoDataResult {
  tenants: number;
  usersCreated: number;
  /** Existing demo users whose password hash or role was reset. */
  usersUpdated: number;
}

export async function seedDemoData(prisma: PrismaClient, options: SeedDemoDataOptions = {}): Promise<SeedDemoDataResult> {
  const nodeEnv = options.nodeEnv ?? readDbEnv().NODE_ENV;
  if (isProduction({ NODE_ENV: nodeEnv })) {
    throw new SeedRefusedError("Refusing to seed demo accounts with a published password when NODE_ENV=production.");
  }

  const tenantIds = new Map<string, string>();
  for (const tenant of Object.values(DEMO_TENANTS)) {
    const row = await prisma.tenant.upsert({
      where: { slug: tenant.slug },
      create: { slug: tenant.slug, name: tenant.name },
      update: { name: tenant.name },
    });
    tenantIds.set(tenant.slug, row.id);
  }

  const result: SeedDemoDataResult = { tenants: tenantIds.size, usersCreated: 0, usersUpdated: 0 };
  for (const credential of Object.values(DEMO_CREDENTIALS)) {
    const tenantId = tenantIds.get(credential.tenant);
    if (!tenantId) throw new Error(`Demo user ${credential.email} names unknown tenant ${credential.tenant}`);
    const email = credential.email.trim().toLowerCase();
    const where = { tenantId_email: { tenantId, email } };

    const existing = await prisma.user.findUnique({ where });
    if (!existing) {
      // upsert, not create: a concurrent seeder may insert the same user between our read and write.
      await prisma.user.upsert({
        where,
        create: { tenantId, email, role: credential.role, passwordHash: await hash(credential.password) },
        update: {},
      });
      result.usersCreated += 1;
      continue;
    }
    // argon2 hashes are salted, so compare by verifying rather than rehashing on every run. A hash argon2
    // cannot even parse counts as wrong: the point is that the demo password works afterwards.
    const passwordOk = await verify(existing.passwordHash, credential.password).catch(() => false);
    if (passwordOk && existing.role === credential.role) continue;
    await prisma.user.update({
      where,
      data: {
        role: credential.role,
        ...(passwordOk ? {} : { passwordHash: await hash(credential.password) }),
      },
    });
    result.usersUpdated += 1;
  }
  return result;
}
