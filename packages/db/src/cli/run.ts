// `rotor-db-run [--seed] -- <command...>`: gives a command a migrated (optionally seeded) database.
// Without DATABASE_URL it starts the embedded PostgreSQL, and stops it when the command ends, so
// `pnpm dev` / `pnpm start` need nothing installed. Exits with the command's status.
import { createDatabase } from "../create-prisma-client.ts";
import { childProcessEnv, isProduction, readDbEnv } from "../env.ts";
import { migrate } from "../migrate/migrate.ts";
import { seedDemoData } from "../seed/seed-demo-data.ts";
import { log } from "./log.ts";
import { parseRunArgs } from "./parse-run-args.ts";
import { resolveDatabase } from "./resolve-database.ts";
import { deferSignals, runChild, signalExitStatus } from "./run-child.ts";
import { runCli } from "./run-cli.ts";

runCli(async () => {
  const args = parseRunArgs(process.argv.slice(2));
  const env = readDbEnv();
  // Ctrl-C while PostgreSQL starts or migrations run must still end in a clean stop below.
  const signals = deferSignals();
  const database = await resolveDatabase(env);
  try {
    const { applied } = await migrate(database.connectionString, { onApply: (name) => log(`applying ${name}`) });
    if (applied.length === 0) log("migrations up to date");

    if (args.seed && isProduction(env)) {
      log("--seed ignored: NODE_ENV=production");
    } else if (args.seed && !signals.received()) {
      const db = createDatabase({ connectionString: database.connectionString, maxConnections: 2 });
      const { prisma } = db;
      try {
        const seeded = await seedDemoData(prisma, { nodeEnv: env.NODE_ENV });
        log(`demo data: ${seeded.usersCreated} users created, ${seeded.usersUpdated} repaired`);
      } finally {
        await db.close();
      }
    }

    signals.release();
    const interrupted = signals.received();
    if (interrupted) return signalExitStatus(interrupted);
    const [command = "", ...commandArgs] = args.command;
    return await runChild(command, commandArgs, childProcessEnv({ DATABASE_URL: database.connectionString }));
  } finally {
    signals.release();
    await database.stop();
  }
});
