// Entry of `rotor`: parses the command line (node:util parseArgs), runs one command, maps every
// failure to a message on stderr and a documented exit code (exit-codes.ts, README.md).
import { parseArgs } from "node:util";
import { CliError } from "./cli-error.ts";
import type { Command, CommandContext } from "./command.ts";
import { call } from "./commands/call.ts";
import { login } from "./commands/login.ts";
import { logout } from "./commands/logout.ts";
import { revoke } from "./commands/revoke.ts";
import { service } from "./commands/service.ts";
import { sessions } from "./commands/sessions.ts";
import { whoami } from "./commands/whoami.ts";
import { configDir, openConfigStore } from "./config-store.ts";
import { parseCliEnv } from "./env.ts";
import { EXIT } from "./exit-codes.ts";

const HELP = `rotor: command line for the Rotor API

Usage:
  rotor login [tenant] [email]     sign in (password prompted, or read from stdin when piped)
        --tenant, -t <slug>        --email, -e <address>
  rotor whoami [--json]            who you are signed in as
  rotor sessions [--json]          your active sessions (* = this one)
  rotor revoke <session-id>        end one of your sessions
  rotor logout                     end this session and forget the credentials
  rotor call <procedure> [json]    run any query, e.g. rotor call admin.audit.list '{"limit":5}'
  rotor service create <name>      (admin) a credential for another service of your tenant; secret shown once
  rotor service list [--json]      (admin) your tenant's service credentials
  rotor service revoke <id>        (admin) revoke one

Environment:
  ROTOR_URL         server base URL (default http://localhost:3000)
  ROTOR_CONFIG_DIR  credentials folder (default $XDG_CONFIG_HOME/rotor or ~/.config/rotor)

Exit codes: 0 ok, 1 unexpected, 2 usage, 3 not signed in, 4 login refused, 5 session ended,
6 forbidden, 7 server unreachable, 8 other API error, 130 interrupted.`;

const COMMANDS: Record<string, { run: Command; options: ReadonlyArray<"tenant" | "email" | "json"> }> = {
  login: { run: login, options: ["tenant", "email"] },
  whoami: { run: whoami, options: ["json"] },
  sessions: { run: sessions, options: ["json"] },
  revoke: { run: revoke, options: [] },
  logout: { run: logout, options: [] },
  call: { run: call, options: [] },
  service: { run: service, options: ["json"] },
};

async function main(argv: string[]): Promise<number> {
  const stdout = (line: string) => void process.stdout.write(`${line}\n`);
  const stderr = (line: string) => void process.stderr.write(`${line}\n`);

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        tenant: { type: "string", short: "t" },
        email: { type: "string", short: "e" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    stderr(`rotor: ${(error as Error).message}\nRun \`rotor --help\` for usage.`);
    return EXIT.USAGE;
  }
  const [name, ...args] = parsed.positionals;
  if (parsed.values.help || name === "help") {
    stdout(HELP);
    return EXIT.OK;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    stderr(name ? `rotor: unknown command "${name}".\n\n${HELP}` : HELP);
    return EXIT.USAGE;
  }
  const { help: _help, ...options } = parsed.values;
  const misplaced = Object.keys(options).filter((key) => !(command.options as readonly string[]).includes(key));
  if (misplaced.length > 0) {
    stderr(`rotor: ${name} does not take --${misplaced.join(", --")}.`);
    return EXIT.USAGE;
  }

  const env = parseCliEnv(process.env);
  if (!env.ok) {
    stderr(`rotor: invalid environment: ${env.message}`);
    return EXIT.USAGE;
  }
  const config = openConfigStore(configDir(env.env));
  const ctx: CommandContext = { baseUrl: env.env.ROTOR_URL.replace(/\/+$/, ""), config, args, options, stdout, stderr };
  try {
    await command.run(ctx);
    return EXIT.OK;
  } catch (error) {
    const failure =
      error instanceof CliError ? error : new CliError(`unexpected error: ${error instanceof Error ? error.message : String(error)}`, EXIT.ERROR);
    // The link clears the token pair when the session ends, but the failed call may reach us
    // first; clear here too (and the profile with it) before exiting.
    if (failure.sessionEnded) await config.clear().catch(() => undefined);
    stderr(`rotor: ${failure.message}`);
    if (failure.exitCode === EXIT.ERROR && env.env.ROTOR_DEBUG && error instanceof Error) stderr(error.stack ?? "");
    return failure.exitCode;
  }
}

// `rotor sessions | head -1`: a closed pipe is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT.OK);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
