// The only place the web app reads process.env (auth settings are parsed by @rotor/auth from the same object).
import { z } from "zod";

const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (pnpm dev/start set it for the embedded database)"),
  /** Where development secrets live; the repo's git-ignored .data folder by default. */
  ROTOR_DATA_DIR: z.string().min(1).optional(),
  /** pg pool size per app instance. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

export function readWebEnv(): WebEnv {
  return webEnvSchema.parse(process.env);
}

export function rawEnv(): Record<string, string | undefined> {
  return process.env;
}
