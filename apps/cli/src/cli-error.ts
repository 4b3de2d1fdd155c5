// The one error type commands throw: a message for the user and the exit code that goes with it.
import type { ExitCode } from "./exit-codes.ts";

export class CliError extends Error {
  /** The server ended the session: the stored credentials are useless and get removed. */
  readonly sessionEnded: boolean;

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown; sessionEnded?: boolean },
  ) {
    super(message, options);
    this.sessionEnded = options?.sessionEnded ?? false;
    this.name = "CliError";
  }
}
