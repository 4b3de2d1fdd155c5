"use client";
// The tenant's audit log for operators: filters (type, outcome, user, time range), keyset pages (newest
// first; "Older" continues after the last row shown, so paging stays fast and stable while rows arrive),
// and a details row per event. Alerts are highlighted among routine sign-ins and refreshes.
import { Fragment, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { describeDevice, formatTime } from "./format";
import { useTRPC } from "./trpc";

const TYPES = [
  "login",
  "refresh",
  "refresh-token-reused",
  "logout",
  "logout-all",
  "session-revoked",
  "session-expired",
  "rate-limited",
  "alert-refresh-storm",
  "alert-brute-force-account",
  "alert-brute-force-ip",
  "alert-many-ips",
];
const OUTCOMES = ["success", "failure", "alert"] as const;
type Outcome = (typeof OUTCOMES)[number];
type Cursor = { createdAt: Date; id: string };

/** `<input type="datetime-local">` value (local time) as a Date, or undefined when empty or invalid. */
function localDate(value: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function AuditPanel() {
  const trpc = useTRPC();
  const [type, setType] = useState("");
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const [userId, setUserId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  // The cursors of the pages before this one; the last is where this page starts.
  const [cursors, setCursors] = useState<Cursor[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const filters = {
    ...(type ? { type } : {}),
    ...(outcome ? { outcome } : {}),
    ...(userId ? { userId } : {}),
    ...(localDate(from) ? { from: localDate(from) } : {}),
    ...(localDate(to) ? { to: localDate(to) } : {}),
  };
  const after = cursors.at(-1);
  const page = useQuery(trpc.admin.audit.page.queryOptions({ ...filters, ...(after ? { after } : {}), limit: 25 }));
  const refilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setCursors([]);
  };

  return (
    <>
      <div className="filters" data-testid="audit-filters">
        <label className="inline">
          Type
          <select value={type} onChange={(e) => refilter(setType)(e.target.value)} data-testid="audit-type">
            <option value="">All events</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Outcome
          <select value={outcome} onChange={(e) => refilter(setOutcome)(e.target.value as Outcome | "")} data-testid="audit-outcome">
            <option value="">Any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          User
          <select value={userId} onChange={(e) => refilter(setUserId)(e.target.value)} data-testid="audit-user">
            <option value="">Anyone</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          From
          <input type="datetime-local" value={from} onChange={(e) => refilter(setFrom)(e.target.value)} data-testid="audit-from" />
        </label>
        <label className="inline">
          To
          <input type="datetime-local" value={to} onChange={(e) => refilter(setTo)(e.target.value)} data-testid="audit-to" />
        </label>
      </div>
      <section className="card flush">
        {page.isPending ? (
          <p className="loading">Loading events…</p>
        ) : page.error ? (
          <p className="error" role="alert">
            {page.error.message}
          </p>
        ) : page.data.items.length === 0 ? (
          <p className="loading">No events.</p>
        ) : (
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Type</th>
                <th>Outcome</th>
                <th>User</th>
                <th>Client</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <Fragment key={e.id}>
                  <tr className={e.outcome === "alert" ? "alert" : undefined}>
                    <td>{formatTime(e.createdAt)}</td>
                    <td className="mono">{e.type}</td>
                    <td>
                      <span className={`badge outcome-${e.outcome}`}>{e.outcome}</span>
                    </td>
                    <td>{e.user?.email ?? "—"}</td>
                    <td className="muted">
                      {describeDevice(e.userAgent)} · <span className="mono">{e.ip ?? "—"}</span>
                    </td>
                    <td className="right">
                      <button type="button" className="button small" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {open === e.id ? "Hide" : "Details"}
                      </button>
                    </td>
                  </tr>
                  {open === e.id && (
                    <tr className="details-row" data-testid="audit-details">
                      <td colSpan={6}>
                        <EventDetails event={e} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        <div className="pager">
          <button type="button" className="button small" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span className="muted small">Page {cursors.length + 1}</span>
          <button
            type="button"
            className="button small"
            data-testid="audit-older"
            disabled={!page.data?.next}
            onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
          >
            Older
          </button>
        </div>
      </section>
    </>
  );
}

interface EventDetailsProps {
  event: {
    id: string;
    type: string;
    outcome: string;
    latencyMs: number | null;
    ip: string | null;
    userAgent: string | null;
    tenantId: string | null;
    sessionId: string | null;
    userId: string | null;
    details: unknown;
  };
}

function EventDetails({ event }: EventDetailsProps) {
  const details = (event.details && typeof event.details === "object" ? event.details : {}) as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === "string" || typeof value === "number" ? String(value) || "—" : value == null ? "—" : JSON.stringify(value);
  return (
    <dl className="facts small">
      <dt>Event</dt>
      <dd className="mono">{event.id}</dd>
      <dt>Reason</dt>
      <dd>{text(details.reason)}</dd>
      <dt>Code</dt>
      <dd className="mono">{text(details.code ?? details.limiter)}</dd>
      <dt>Latency</dt>
      <dd>{event.latencyMs === null ? "—" : `${event.latencyMs} ms`}</dd>
      <dt>IP</dt>
      <dd className="mono">{text(event.ip)}</dd>
      <dt>User agent</dt>
      <dd>{text(event.userAgent)}</dd>
      <dt>Tenant</dt>
      <dd className="mono">{text(event.tenantId)}</dd>
      <dt>Session</dt>
      <dd className="mono">{text(event.sessionId)}</dd>
      <dt>User</dt>
      <dd className="mono">{text(event.userId)}</dd>
      <dt>Details</dt>
      <dd>
        <pre className="mono small">{JSON.stringify(details, null, 2)}</pre>
      </dd>
    </dl>
  );
}
