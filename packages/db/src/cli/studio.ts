// `pnpm db:studio [studio options]`: Prisma Studio on the same database `pnpm dev` uses (starting or
// reusing the embedded PostgreSQL), migrated first so Studio never shows a half-made schema.
import { createRequire } from "node:module";
import { childProcessEnv, readDbEnv } from "../env.ts";
import { migrate } from "../migrate/migrate.ts";
import { prismaConfigPath } from "../paths.ts";
import { log } from "./log.ts";
import { resolveDatabase } from "./resolve-database.ts";
import { deferSignals, runChild, signalExitStatus } from "./run-child.ts";
import { runCli } from "./run-cli.ts";

runCli(async () => {
  const env = readDbEnv();
  const signals = deferSignals();
  const database = await resolveDatabase(env);
  try {
    await migrate(database.connectionString, { onApply: (name) => log(`applying ${name}`) });
    signals.release();
    const interrupted = signals.received();
    if (interrupted) return signalExitStatus(interrupted);

    const extraArgs = process.argv.slice(2).filter((arg) => arg !== "--");
    // A CI job has no one to open a browser for.
    const browserArgs = env.CI && !extraArgs.some((arg) => arg.startsWith("--browser")) ? ["--browser", "none"] : [];
    const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
    return await runChild(
      process.execPath,
      [prismaCli, "studio", "--config", prismaConfigPath, ...browserArgs, ...extraArgs],
      childProcessEnv({ DATABASE_URL: database.connectionString }),
    );
  } finally {
    signals.release();
    await database.stop();
  }
});
