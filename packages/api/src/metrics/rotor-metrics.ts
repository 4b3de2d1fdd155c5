// The Prometheus side of the token service's metrics (prom-client). One Registry per process, kept on
// globalThis under a Symbol.for key: the Next.js bundle and the web host (loaded through tsx) are separate
// module graphs that both build services, and both must count into the registry /api/metrics serves.
// Each instance exposes its own series (scrape every instance; sum counters across them). The active-session
// gauge is read from the database, so it is the same on every instance: aggregate it with max(), not sum().
// The workers of one `pnpm start` (ROTOR_WORKERS) are one instance: see cluster-metrics.ts.
import client from "prom-client";
import type { AuthMetrics } from "@rotor/auth";
import { inClusterWorker, requestClusterMetrics } from "./cluster-metrics.ts";

const REGISTRY_KEY = Symbol.for("rotor.metrics.registry");

interface RotorRegistry {
  registry: client.Registry;
  metrics: AuthMetrics;
  /** Reads the number of live sessions; the last services built in this process provide it. */
  activeSessions: { read: (() => Promise<number>) | null };
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

function create(): RotorRegistry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const logins = new client.Counter({ name: "rotor_logins_total", help: "Sign-in attempts by outcome and error code", labelNames: ["outcome", "code"], registers: [registry] });
  const refreshes = new client.Counter({ name: "rotor_refreshes_total", help: "Refreshes by outcome (rotated, replayed, failed) and error code", labelNames: ["outcome", "code"], registers: [registry] });
  const replays = new client.Counter({ name: "rotor_refresh_replays_total", help: "Replays inside the reuse interval answered with the same successor", registers: [registry] });
  const reuse = new client.Counter({ name: "rotor_refresh_token_reuse_detected_total", help: "Rotated refresh tokens presented after the reuse interval (session revoked)", registers: [registry] });
  const revocations = new client.Counter({ name: "rotor_sessions_revoked_total", help: "Sessions revoked, by reason", labelNames: ["reason"], registers: [registry] });
  const rateLimited = new client.Counter({ name: "rotor_rate_limited_total", help: "Requests refused by a rate limit, by limiter", labelNames: ["limiter"], registers: [registry] });
  const loginSeconds = new client.Histogram({ name: "rotor_login_duration_seconds", help: "Sign-in latency in the token service", labelNames: ["outcome"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const refreshSeconds = new client.Histogram({ name: "rotor_refresh_duration_seconds", help: "Refresh latency in the token service", labelNames: ["outcome"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const state: RotorRegistry = {
    registry,
    activeSessions: { read: null },
    metrics: {
      login(outcome, code, seconds) {
        logins.inc({ outcome, code: code ?? "" });
        loginSeconds.observe({ outcome }, seconds);
      },
      refresh(outcome, code, seconds) {
        refreshes.inc({ outcome, code: code ?? "" });
        refreshSeconds.observe({ outcome }, seconds);
        if (outcome === "replayed") replays.inc();
        if (code === "REFRESH_TOKEN_REUSED") reuse.inc();
      },
      sessionsRevoked(reason, count) {
        revocations.inc({ reason }, count);
      },
      rateLimited(limiter) {
        rateLimited.inc({ limiter });
      },
    },
  };
  new client.Gauge({
    name: "rotor_active_sessions",
    help: "Live sessions (not revoked, not expired) in the database; the same on every instance",
    registers: [registry],
    aggregator: "max",
    async collect() {
      const read = state.activeSessions.read;
      if (!read) return;
      const value = await read().catch((error: unknown) => {
        // NaN tells the scraper the value is unknown; the log says why.
        console.error("[rotor] metrics: reading active sessions failed", error);
        return Number.NaN;
      });
      this.set(value);
    },
  });
  return state;
}

/** The process-wide registry and the metrics that count into it. */
export function rotorMetrics(): RotorRegistry {
  const global = globalThis as { [REGISTRY_KEY]?: RotorRegistry };
  return (global[REGISTRY_KEY] ??= create());
}

/** The Prometheus text exposition of this instance: this process, or every worker of its cluster. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = rotorMetrics();
  return { contentType: registry.contentType, body: inClusterWorker() ? await requestClusterMetrics() : await registry.metrics() };
}
