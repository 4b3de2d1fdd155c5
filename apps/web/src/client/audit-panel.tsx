"use client";
// Recent audit events of the tenant, filterable by type. Refresh-token reuse (a stolen or replayed token)
// is an alert: highlighted so it stands out among routine sign-ins and refreshes.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { describeDevice, formatTime } from "./format";
import { QueryTableCard } from "./query-table-card";
import { useTRPC } from "./trpc";

const TYPES = ["login", "refresh", "refresh-token-reused", "logout", "logout-all", "session-revoked", "session-expired", "rate-limited"];

export function AuditPanel() {
  const trpc = useTRPC();
  const [type, setType] = useState("");
  const events = useQuery(trpc.admin.audit.list.queryOptions({ limit: 200, ...(type ? { type } : {}) }));

  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
        <label className="inline">
          Type
          <select value={type} onChange={(e) => setType(e.target.value)} data-testid="audit-type">
            <option value="">All events</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryTableCard
        query={events}
        loading="Loading events…"
        empty="No events."
        testId="audit-table"
        columns={["Time", "Type", "Outcome", "User", "Client"]}
        row={(e) => (
          <tr key={e.id} className={e.outcome === "alert" ? "alert" : undefined}>
            <td>{formatTime(e.createdAt)}</td>
            <td className="mono">{e.type}</td>
            <td>
              <span className={`badge outcome-${e.outcome}`}>{e.outcome}</span>
            </td>
            <td>{e.user?.email ?? "—"}</td>
            <td className="muted">
              {describeDevice(e.userAgent)} · <span className="mono">{e.ip ?? "—"}</span>
            </td>
          </tr>
        )}
      />
    </>
  );
}
