// Open-loop load (wrk2 is not in Debian): requests leave on a fixed schedule whatever the server does,
// and each latency counts from when its request was due, not from when it was sent, so a stalled server
// is charged for the queue it causes (no coordinated omission). Node's http with keep-alive, in the bench
// process; at the rates used (half the slowest variant's saturation) it costs a fraction of a core.
import { Agent, request } from "node:http";
import { percentile } from "../stats.ts";

export interface PacedCall {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  sent: number;
  errors: number;
  /** Requests not sent because no token was idle (refresh chains all in flight). */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  /** Every answer's latency in ms, counted from its due time (to pool several runs). */
  latencies: number[];
  cpuMs: number;
}

function send(agent: Agent, url: URL, call: PacedCall): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: call.method, path: call.path, headers: call.body ? { ...call.headers, "content-length": Buffer.byteLength(call.body) } : call.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(call.body);
  });
}

/**
 * Sends `rate` requests per second for `seconds`. `next()` gives the next call (null: nothing idle, the
 * slot is skipped and counted); `done(call, body)` sees every successful answer (to continue a chain).
 */
export async function runPaced(options: {
  url: string;
  rate: number;
  seconds: number;
  next: () => PacedCall | null;
  done?: (call: PacedCall, status: number, body: string) => void;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let skipped = 0;
  const inFlight: Promise<void>[] = [];
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  let due = 0;
  while (due < total) {
    const dueAt = start + due * interval;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    while (due < total && start + due * interval <= performance.now()) {
      const scheduled = start + due * interval;
      due++;
      const call = options.next();
      if (!call) {
        skipped++;
        continue;
      }
      inFlight.push(
        send(agent, url, call).then(
          ({ status, body }) => {
            latencies.push(performance.now() - scheduled);
            if (status >= 400) errors++;
            options.done?.(call, status, body);
          },
          () => void errors++,
        ),
      );
    }
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return { sent: latencies.length, errors, skipped, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), latencies, cpuMs: (cpu.user + cpu.system) / 1000 };
}
