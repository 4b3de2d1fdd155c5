"use client";
// The operator dashboard's charts: the tenant's refreshes, sign-ins and failures per minute, refresh latency
// p50/p99, alerts per minute and live sessions, over the last hour (from the audit trail; refreshed every
// 30 s).
import { useQuery } from "@tanstack/react-query";
import { LineChart } from "./line-chart";
import { useTRPC } from "./trpc";

export function OperationsPanel() {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.admin.operations.queryOptions({ minutes: 60 }), refetchInterval: 30_000 });
  if (stats.isPending) return <p className="loading">Loading activity…</p>;
  if (stats.error) return <p className="error" role="alert">Could not load activity.</p>;
  const { minutes, activeSessions } = stats.data;
  const times = minutes.map((m) => m.minute);
  return (
    <section data-testid="operations">
      <div className="grid">
        <section className="card stat" data-testid="active-sessions">
          <h2>Active sessions</h2>
          <p className="stat-value">{activeSessions}</p>
        </section>
        <section className="card stat">
          <h2>Last hour</h2>
          <p className="stat-line">
            {sum(minutes.map((m) => m.refreshes))} refreshes · {sum(minutes.map((m) => m.logins))} sign-ins ·{" "}
            {sum(minutes.map((m) => m.failures))} failures · {sum(minutes.map((m) => m.alerts))} alerts
          </p>
        </section>
      </div>
      <div className="grid charts">
        <LineChart
          title="Per minute"
          testId="chart-activity"
          times={times}
          series={[
            { name: "refreshes", values: minutes.map((m) => m.refreshes), tone: 1 },
            { name: "sign-ins", values: minutes.map((m) => m.logins), tone: 2 },
            { name: "failures", values: minutes.map((m) => m.failures), tone: 3 },
          ]}
        />
        <LineChart
          title="Refresh latency"
          testId="chart-latency"
          unit=" ms"
          times={times}
          series={[
            { name: "p50", values: minutes.map((m) => m.refreshP50), tone: 1 },
            { name: "p99", values: minutes.map((m) => m.refreshP99), tone: 4 },
          ]}
        />
        <LineChart title="Alerts per minute" testId="chart-alerts" times={times} series={[{ name: "alerts", values: minutes.map((m) => m.alerts), tone: 3 }]} />
      </div>
    </section>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
