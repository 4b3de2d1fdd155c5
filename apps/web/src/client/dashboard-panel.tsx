"use client";
// Dashboard body: identity, a live countdown to access-token expiry (it jumps forward after each
// server-side rotation), the last refresh, and a button that calls a protected procedure.
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { LocalTime } from "./local-time";
import { useTRPCClient } from "./trpc";
import { useNow } from "./use-now";
import { useWebSession } from "./web-session-provider";

export function DashboardPanel() {
  const { session, refreshing } = useWebSession();
  const client = useTRPCClient();
  const now = useNow();
  const [calls, setCalls] = useState(0);
  // A mutation-style trigger so every click is a fresh request (a query would be served from cache).
  const me = useMutation({ mutationFn: () => client.auth.me.query(), onSuccess: () => setCalls((n) => n + 1) });
  if (!session) return null;
  const secondsLeft = now === null ? null : Math.max(0, Math.ceil((session.accessTokenExpiresAt - now) / 1000));

  return (
    <>
      <h1>Dashboard</h1>
      <div className="grid">
        <section className="card">
          <h2>You</h2>
          <dl className="facts">
            <dt>Email</dt>
            <dd data-testid="user-email">{session.user.email}</dd>
            <dt>Role</dt>
            <dd>
              <span className={`badge role-${session.user.role.toLowerCase()}`} data-testid="user-role">
                {session.user.role}
              </span>
            </dd>
            <dt>Tenant</dt>
            <dd data-testid="user-tenant">
              {session.user.tenantName} <span className="muted">({session.user.tenantSlug})</span>
            </dd>
          </dl>
        </section>
        <section className="card">
          <h2>Access token</h2>
          <p className="countdown" data-testid="countdown">
            {refreshing ? "refreshing…" : secondsLeft === null ? "…" : secondsLeft > 0 ? `${secondsLeft}s` : "expired"}
          </p>
          <dl className="facts">
            <dt>Expires</dt>
            <dd>
              <LocalTime value={session.accessTokenExpiresAt} />
            </dd>
            <dt>Last refresh</dt>
            <dd data-testid="last-refresh">{session.lastRefreshAt ? <LocalTime value={session.lastRefreshAt} /> : "not yet"}</dd>
          </dl>
          <p className="muted small">Rotated on the server; the browser never holds the refresh token.</p>
        </section>
      </div>
      <section className="card">
        <h2>Protected call</h2>
        <p className="muted">Calls <code>auth.me</code> with the session cookie. An expired token is refreshed and the call retried.</p>
        <button type="button" className="button primary" data-testid="call-protected" onClick={() => me.mutate()} disabled={me.isPending}>
          {me.isPending ? "Calling…" : "Call protected procedure"}
        </button>
        {me.data && (
          <p className="result" data-testid="call-result" data-calls={calls}>
            Call #{calls} OK · {me.data.email} ({me.data.role}) · token valid until <LocalTime value={me.data.accessTokenExpiresAt} />
          </p>
        )}
        {me.error && (
          <p className="error" role="alert">
            {me.error.message}
          </p>
        )}
      </section>
    </>
  );
}
