// `pnpm db:seed`: migrates, then creates the demo tenants and users (refused when NODE_ENV=production).
import { createDatabase } from "../create-prisma-client.ts";
import { readDbEnv } from "../env.ts";
import { migrate } from "../migrate/migrate.ts";
import { DEMO_CREDENTIALS } from "../seed/demo-credentials.ts";
import { seedDemoData } from "../seed/seed-demo-data.ts";
import { log } from "./log.ts";
import { resolveDatabase } from "./resolve-database.ts";
import { runCli } from "./run-cli.ts";

runCli(async () => {
  const env = readDbEnv();
  const database = await resolveDatabase(env);
  try {
    await migrate(database.connectionString, { onApply: (name) => log(`applying ${name}`) });
    const db = createDatabase({ connectionString: database.connectionString, maxConnections: 2 });
      const { prisma } = db;
    try {
      const result = await seedDemoData(prisma, { nodeEnv: env.NODE_ENV });
      log(
        `seeded ${result.tenants} tenants: ${result.usersCreated} users created, ${result.usersUpdated} repaired, ` +
          `${Object.keys(DEMO_CREDENTIALS).length - result.usersCreated - result.usersUpdated} unchanged`,
      );
      for (const user of Object.values(DEMO_CREDENTIALS)) {
        log(`  ${user.tenant.padEnd(7)} ${user.email.padEnd(20)} ${user.role.padEnd(8)} password ${user.password}`);
      }
    } finally {
      await db.close();
    }
    return 0;
  } finally {
    await database.stop();
  }
});
