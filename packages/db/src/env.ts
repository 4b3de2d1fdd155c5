// The one place @rotor/db reads process.env: everything else receives a parsed, typed DbEnv, so the
// variables this package honours are listed (and validated) here and nowhere else.
import { z } from "zod";

// An exported-but-empty variable (`DATABASE_URL= pnpm dev`) means "unset", not "invalid".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

export const dbEnvSchema = z.object({
  /** An existing PostgreSQL server; when set, no embedded server is ever started. */
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string"),
  ),
  /** Port of the embedded PostgreSQL server. */
  ROTOR_PG_PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((port) => port ?? 54329),
  /** Base directory for local service data; PostgreSQL lives in `<dir>/postgres`. Default `<repo>/.data`. */
  ROTOR_DATA_DIR: optional(z.string()),
  NODE_ENV: optional(z.string()).transform((value) => value ?? "development"),
  /** Set by CI systems; the studio CLI then does not try to open a browser. */
  CI: optional(z.string()).transform((value) => value !== undefined && value !== "0" && value !== "false"),
});

export type DbEnv = z.infer<typeof dbEnvSchema>;

export class EnvError extends Error {
  readonly code = "INVALID_ENV" as const;
  override name = "EnvError";
}

/** Parses the variables @rotor/db uses; throws an EnvError naming each invalid one. */
export function readDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  const parsed = dbEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment for @rotor/db:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

export function isProduction(env: Pick<DbEnv, "NODE_ENV">): boolean {
  return env.NODE_ENV === "production";
}

/** The environment for a child process: ours, plus the given overrides (e.g. the resolved DATABASE_URL). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
