// Starts a throwaway redis-server (no persistence) on a free local port, for tests and local runs.
// The caller must stop() it; a process-exit hook kills it anyway so no server outlives the run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { findFreePort } from "@rotor/db/testing";

export interface RedisTestServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s). Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port; data is gone, as after a crash without persistence. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers, like a hung server. */
  pause(): void;
  /** Undoes `pause()` (SIGCONT). */
  resume(): void;
}

export interface StartRedisServerOptions {
  /**
   * Path or name of the redis-server binary.
   * @default "redis-server"
   */
  binary?: string;
  /**
   * How long to wait for the first PONG, in milliseconds.
   * @default 10000
   */
  startTimeoutMs?: number;
  /**
   * Port to listen on, e.g. the port of a server stopped earlier.
   * @default a free port chosen at random
   */
  port?: number;
}

/** Whether the binary can be executed; used to skip (or, in CI, fail) Redis tests up front. */
export function isRedisServerAvailable(binary = "redis-server"): boolean {
  const result = spawnSync(binary, ["--version"], { stdio: "ignore", timeout: 5000 });
  return result.error === undefined && result.status === 0;
}

/** One raw PING over TCP, so this helper depends on no Redis client. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let reply = "";
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function spawnServer(binary: string, port: number, startTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  installExitHook();
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    running.delete(child);
    exited = `exited with ${signal ?? `code ${String(code)}`}`;
  });
  child.once("error", (error) => {
    running.delete(child);
    exited = error.message;
  });

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`redis-server ${exited} before answering PING:\n${output}`);
    if (await pingOnce(port)) return child;
    await delay(20);
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer PING on port ${port} within ${startTimeoutMs} ms:\n${output}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGCONT"); // a paused server would not act on SIGTERM
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisTestServer> {
  const binary = options.binary ?? "redis-server";
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  // The free port can be taken between probing and binding; retry with another one.
  let port = 0;
  let child: ChildProcess | undefined;
  let lastError: unknown;
  const attempts = options.port === undefined ? 5 : 1;
  for (let attempt = 0; attempt < attempts && !child; attempt++) {
    port = options.port ?? (await findFreePort());
    try {
      child = await spawnServer(binary, port, startTimeoutMs);
    } catch (error) {
      lastError = error;
      if (error instanceof Error && /ENOENT/.test(error.message)) break;
    }
  }
  if (!child) throw lastError instanceof Error ? lastError : new Error(String(lastError));

  let current: ChildProcess | undefined = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const stopping = current;
      current = undefined;
      if (stopping) await stopChild(stopping);
    },
    async restart() {
      if (current) await stopChild(current);
      current = await spawnServer(binary, port, startTimeoutMs);
    },
    pause() {
      current?.kill("SIGSTOP");
    },
    resume() {
      current?.kill("SIGCONT");
    },
  };
}
