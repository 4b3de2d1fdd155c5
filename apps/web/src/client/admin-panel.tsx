"use client";
// Tenant users and live sessions. Everyone who reaches this page may read (the server guard allowed
// ADMIN and MANAGER); only ADMIN gets revoke buttons, and the API refuses MANAGER revokes regardless.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeDevice, formatTime } from "./format";
import { QueryTableCard } from "./query-table-card";
import { RevokeButton } from "./revoke-button";
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
      <QueryTableCard
        title="Users"
        query={users}
        loading="Loading users…"
        testId="users-table"
        columns={["Email", "Role", "Active sessions", "Created"]}
        actions={canRevoke}
        row={(u) => (
          <tr key={u.id}>
            <td>{u.email}</td>
            <td>
              <span className={`badge role-${u.role.toLowerCase()}`}>{u.role}</span>
            </td>
            <td>{u.activeSessions}</td>
            <td>{formatTime(u.createdAt)}</td>
            {canRevoke && (
              <td className="right">
                <RevokeButton disabled={busy || u.activeSessions === 0} onClick={() => revokeUser.mutate({ userId: u.id })}>
                  Revoke sessions
                </RevokeButton>
              </td>
            )}
          </tr>
        )}
      />
      <QueryTableCard
        title="Live sessions"
        query={sessions}
        loading="Loading sessions…"
        testId="tenant-sessions-table"
        columns={["User", "Device", "IP", "Signed in", "Last refreshed"]}
        actions={canRevoke}
        row={(s) => (
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
                  <RevokeButton disabled={busy} onClick={() => revokeSession.mutate({ sessionId: s.id })}>
                    Revoke
                  </RevokeButton>
                )}
              </td>
            )}
          </tr>
        )}
      />
    </>
  );
}
