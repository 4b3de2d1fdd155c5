// Creates Better Auth's tables (user, session, account, verification, jwks) in DATABASE_URL through its
// own migration API. Run by the benchmark before `next start`: `node --import tsx migrate.ts`.
import { getMigrations } from "better-auth/db/migration";
import { auth } from "./auth";

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
process.exit(0);
