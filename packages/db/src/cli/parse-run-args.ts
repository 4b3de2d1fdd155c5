// Argument parsing for `rotor-db-run [--seed] [--] <command> [args...]`.
export interface RunArgs {
  seed: boolean;
  command: string[];
}

export const RUN_USAGE = "usage: rotor-db-run [--seed] -- <command> [args...]";

export class UsageError extends Error {
  readonly code = "USAGE" as const;
  override name = "UsageError";
}

export function parseRunArgs(argv: readonly string[]): RunArgs {
  let seed = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--") return finish(seed, argv.slice(index + 1));
    if (arg === "--seed") seed = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}\n${RUN_USAGE}`);
    // The first non-option starts the command; its own options are not ours to read.
    else return finish(seed, argv.slice(index));
  }
  return finish(seed, []);
}

function finish(seed: boolean, command: string[]): RunArgs {
  if (command.length === 0) throw new UsageError(`no command given\n${RUN_USAGE}`);
  return { seed, command };
}
