// The only place the CLI reads environment variables, validated with zod. Empty values count as unset.
import { z } from "zod";

const optional = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

const cliEnvSchema = z.object({
  /** Base URL of the Rotor app; the API is served under `/api/trpc`. */
  ROTOR_URL: z.preprocess(
    (value) => (value === "" || value === undefined ? "http://localhost:3000" : value),
    z.url({ protocol: /^https?$/, error: "ROTOR_URL must be an http(s) URL" }),
  ),
  /** Where credentials are kept; overrides the XDG location. */
  ROTOR_CONFIG_DIR: optional,
  XDG_CONFIG_HOME: optional,
  /** Any value prints stack traces of unexpected errors. */
  ROTOR_DEBUG: optional,
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function parseCliEnv(env: Record<string, string | undefined>): { ok: true; env: CliEnv } | { ok: false; message: string } {
  const parsed = cliEnvSchema.safeParse(env);
  return parsed.success ? { ok: true, env: parsed.data } : { ok: false, message: z.prettifyError(parsed.error) };
}
