// Everything wrong with the server's environment, all at once: an operator fixing a deployment should
// not have to restart once per missing variable. Each line names the variable and what it needs.
import type { z } from "zod";
import { alertEnvSchema } from "@rotor/api";
import { authEnvSchema, PRODUCTION_AUTH_VARIABLES } from "@rotor/auth";
import { retentionEnvSchema } from "@rotor/db";
import { storeEnvSchema } from "@rotor/store";
import { sessionEnvSchema, webEnvSchema, workersEnvSchema } from "../env";

type Env = Record<string, string | undefined>;

const schemas: readonly z.ZodType[] = [webEnvSchema, sessionEnvSchema, authEnvSchema, storeEnvSchema, retentionEnvSchema, alertEnvSchema, workersEnvSchema];

/** Secrets production must set; development generates each into the data folder. */
const productionSecrets: ReadonlyArray<{ names: readonly string[]; hint: string }> = [
  ...PRODUCTION_AUTH_VARIABLES.map((name) => ({ names: [name], hint: "generate it with `pnpm keys:generate`" })),
  { names: ["AUTH_SECRET", "NEXTAUTH_SECRET"], hint: "32+ random characters; `pnpm keys:generate` prints one" },
];

export function listStartupProblems(env: Env): string[] {
  const problems = new Set<string>();
  for (const schema of schemas) {
    const result = schema.safeParse(env);
    if (result.success) continue;
    for (const issue of result.error.issues) problems.add(`${issue.path.join(".") || "environment"}: ${issue.message}`);
  }
  if (env.NODE_ENV === "production") {
    const workers = workersEnvSchema.safeParse(env);
    if (workers.success && workers.data.ROTOR_WORKERS !== 1 && !env.REDIS_URL) {
      problems.add("ROTOR_WORKERS: more than one worker needs REDIS_URL (every worker must see every revocation and share the rate limits)");
    }
    for (const { names, hint } of productionSecrets) {
      if (names.some((name) => env[name])) continue;
      problems.add(`${names[0]}: required in production (${hint})`);
    }
    if (env.AUTH_JWKS && !isJson(env.AUTH_JWKS)) problems.add("AUTH_JWKS: not valid JSON (a JWK Set of EC P-256 private keys)");
  }
  return [...problems];
}

/** Prints every problem in one message and exits 1 (no stack: nothing here is a bug). */
export function refuseToStart(problems: readonly string[]): never {
  console.error(
    `[rotor] refusing to start: ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n` +
      problems.map((problem) => `  - ${problem}`).join("\n"),
  );
  process.exit(1);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
