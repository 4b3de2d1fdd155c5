// Shared ending for the db CLIs: print typed errors by their code, exit with an explicit status.
// Exiting explicitly means a forgotten handle can never leave a finished CLI hanging.
import { log } from "./log.ts";

export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      const prefix = typeof code === "string" ? `${code}: ` : "";
      log(`${prefix}${error instanceof Error ? error.message : String(error)}`);
      if (!prefix && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}
