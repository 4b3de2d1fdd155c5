// Runs a command with inherited stdio and returns its exit status; SIGINT/SIGTERM/SIGHUP sent to us
// are passed on so the child (e.g. next dev) shuts down before we stop its database.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { log } from "./log.ts";

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const finish = (status: number): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      resolve(status);
    };
    child.once("error", (error) => {
      log(`cannot run ${command}: ${error.message}`);
      finish(127);
    });
    // Shell convention: killed by signal N exits 128 + N.
    child.once("exit", (code, signal) => finish(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/** Records SIGINT/SIGTERM/SIGHUP that arrive while we prepare, so we can stop cleanly instead of dying. */
export function deferSignals(): { received(): NodeJS.Signals | undefined; release(): void } {
  let received: NodeJS.Signals | undefined;
  const record = (signal: NodeJS.Signals): void => {
    received ??= signal;
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, record);
  return {
    received: () => received,
    release: () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, record);
    },
  };
}

export function signalExitStatus(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
