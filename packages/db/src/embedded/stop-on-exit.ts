// Last-resort cleanup: if the process exits without calling stop() (an uncaught error, process.exit in
// some caller), signal the servers we started so they do not outlive us holding the port and data dir.
import type { ChildProcess } from "node:child_process";

const running = new Set<ChildProcess>();
let installed = false;

export function stopOnExit(child: ChildProcess): () => void {
  if (!installed) {
    installed = true;
    // `exit` listeners must be synchronous; SIGINT asks PostgreSQL for a fast shutdown.
    process.on("exit", () => {
      for (const server of running) if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
    });
  }
  running.add(child);
  return () => running.delete(child);
}
