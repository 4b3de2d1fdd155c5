// Metrics when `pnpm start` runs several workers (ROTOR_WORKERS): each worker counts into its own registry,
// and a scrape reaches whichever worker the connection landed on. That worker asks the primary, the primary
// asks every worker (prom-client's AggregatorRegistry) and answers with one exposition: counters and
// histograms summed, the live-session gauge the max (every worker reads the same database).
import cluster from "node:cluster";
import client from "prom-client";

const REQUEST = "rotor:metrics-request";
const RESPONSE = "rotor:metrics-response";
/** Safety net above prom-client's own 5 s per-worker time-out. */
const TIMEOUT_MS = 10_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  body?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T["type"]): message is T {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;
}

/** Whether this process is a worker of Rotor's cluster (and metrics must come through the primary). */
export function inClusterWorker(): boolean {
  return cluster.isWorker && typeof process.send === "function";
}

/** Primary: answers each worker's request with the metrics of every worker, aggregated. */
export function serveClusterMetrics(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const answer = (body?: string) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...(body === undefined ? {} : { body }) } satisfies MetricsResponse);
    };
    aggregator.clusterMetrics().then(answer, (error: unknown) => {
      console.error("[rotor] metrics: aggregating the workers' metrics failed", error);
      answer();
    });
  });
}

/** Worker: lets the primary read `registry`. Call once, before serving. */
export function shareMetricsWithPrimary(registry: client.Registry): void {
  client.AggregatorRegistry.setRegistries([registry]);
  // The constructor is what installs a worker's answering listener (prom-client's documented cluster set-up).
  new client.AggregatorRegistry();
}

const pending = new Map<number, (body: string | undefined) => void>();
let nextId = 0;
let listening = false;

/** Worker: the whole cluster's metrics, through the primary; rejects when they cannot be had. */
export function requestClusterMetrics(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on("message", (message: unknown) => {
      if (isMessage<MetricsResponse>(message, RESPONSE)) pending.get(message.id)?.(message.body);
    });
  }
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const settle = (body: string | undefined) => {
      clearTimeout(timer);
      pending.delete(id);
      if (body === undefined) reject(new Error("cluster metrics unavailable"));
      else resolve(body);
    };
    const timer = setTimeout(() => settle(undefined), TIMEOUT_MS);
    pending.set(id, settle);
    process.send!({ type: REQUEST, id } satisfies MetricsRequest);
  });
}
