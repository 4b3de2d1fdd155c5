"use client";
// Tenant users and live sessions. Everyone who reaches this page may read (the server guard allowed
// ADMIN and MANAGER); only ADMIN gets revoke buttons, and the API refuses MANAGER revokes regardless.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeDevice, formatTime } from "./format";
import { useTRPC } from "./trpc";

export function AdminPanel({ canRevoke }: { canRevoke: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const sessions = useQuery(trpc.admin.sessions.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const revokeUser = useMutation(trpc.admin.users.revokeSessions.mutationOptions({ onSuccess: refresh }));
  const revokeSession = useMutation(trpc.admin.sessions.revoke.mutationOptions({ onSuccess: refresh }));
  const busy = revokeUser.isPending || revokeSession.isPending;

  return (
    <>
      <div className="page-head">
        <h1>Tenant administration</h1>
        {!canRevoke && <span className="badge">Read-only (MANAGER)</span>}
      </div>
      <section className="card flush">
        <h2 className="card-title">Users</h2>
        {users.isPending ? (
          <p className="loading">Loading users…</p>
        ) : users.error ? (
          <p className="error">{users.error.message}</p>
        ) : (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Active sessions</th>
                <th>Created</th>
                {canRevoke && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>
                    <span className={`badge role-${u.role.toLowerCase()}`}>{u.role}</span>
                  </td>
                  <td>{u.activeSessions}</td>
                  <td>{formatTime(u.createdAt)}</td>
                  {canRevoke && (
                    <td className="right">
                      <button
                        type="button"
                        className="button small danger"
                        disabled={busy || u.activeSessions === 0}
                        onClick={() => revokeUser.mutate({ userId: u.id })}
                      >
                        Revoke sessions
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card flush">
        <h2 className="card-title">Live sessions</h2>
        {sessions.isPending ? (
          <p className="loading">Loading sessions…</p>
        ) : sessions.error ? (
          <p className="error">{sessions.error.message}</p>
        ) : (
          <table className="table" data-testid="tenant-sessions-table">
            <thead>
              <tr>
                <th>User</th>
                <th>Device</th>
                <th>IP</th>
                <th>Signed in</th>
                <th>Last refreshed</th>
                {canRevoke && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id} className={s.current ? "current" : undefined}>
                  <td>
                    {s.email} {s.current && <span className="badge">You</span>}
                  </td>
                  <td>{describeDevice(s.userAgent)}</td>
                  <td className="mono">{s.ip ?? "—"}</td>
                  <td>{formatTime(s.createdAt)}</td>
                  <td>{formatTime(s.lastRefreshedAt)}</td>
                  {canRevoke && (
                    <td className="right">
                      {!s.current && (
                        <button
                          type="button"
                          className="button small danger"
                          disabled={busy}
                          onClick={() => revokeSession.mutate({ sessionId: s.id })}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
