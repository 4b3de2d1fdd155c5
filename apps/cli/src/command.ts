// What a command gets: parsed arguments, the config store, the server URL and where to print.
import type { ConfigStore } from "./config-store.ts";

export interface CommandContext {
  baseUrl: string;
  config: ConfigStore;
  /** Positional arguments after the command name. */
  args: string[];
  options: { tenant?: string; email?: string; json?: boolean };
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export type Command = (ctx: CommandContext) => Promise<void>;
