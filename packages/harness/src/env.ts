// The only place the harness reads the environment.
import { z } from "zod";

const harnessEnvSchema = z.object({
  /** Debian's Chromium by default; playwright's own browser downloads are unreachable here. */
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
});

export function readHarnessEnv() {
  return harnessEnvSchema.parse(process.env);
}
