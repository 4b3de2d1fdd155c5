"use client";
// The caller's sessions with revoke actions. Revoking the current one, or signing out everywhere, ends
// this browser's session too, so those go through the sign-out path.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { endWebSession } from "./end-web-session";
import { describeDevice, formatTime } from "./format";
import { QueryTableCard } from "./query-table-card";
import { RevokeButton } from "./revoke-button";
import { useTRPC } from "./trpc";

export function SessionsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.list.queryKey() });
  const revoke = useMutation(trpc.auth.sessions.revoke.mutationOptions({ onSuccess: refresh }));
  const revokeOthers = useMutation(trpc.auth.sessions.revokeOthers.mutationOptions({ onSuccess: refresh }));
  const logoutAll = useMutation(
    trpc.auth.logoutAll.mutationOptions({ onSuccess: () => void endWebSession("/login") }),
  );
  const busy = revoke.isPending || revokeOthers.isPending || logoutAll.isPending;
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  return (
    <>
      <div className="page-head">
        <h1>Your sessions</h1>
        <div className="actions">
          <button type="button" className="button" disabled={busy || others === 0} onClick={() => revokeOthers.mutate()}>
            Revoke all others
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => logoutAll.mutate()}>
            Sign out everywhere
          </button>
        </div>
      </div>
      <QueryTableCard
        query={sessions}
        loading="Loading sessions…"
        alertOnError
        testId="sessions-table"
        columns={["Device", "IP", "Signed in", "Last refreshed"]}
        actions
        row={(s) => (
          <tr key={s.id} data-session-id={s.id} className={s.current ? "current" : undefined}>
            <td>
              {describeDevice(s.userAgent)} {s.current && <span className="badge">This browser</span>}
            </td>
            <td className="mono">{s.ip ?? "—"}</td>
            <td>{formatTime(s.createdAt)}</td>
            <td>{formatTime(s.lastRefreshedAt)}</td>
            <td className="right">
              {s.current ? (
                <button type="button" className="button small" disabled={busy} onClick={() => void endWebSession("/login")}>
                  Sign out
                </button>
              ) : (
                <RevokeButton disabled={busy} onClick={() => revoke.mutate({ sessionId: s.id })}>
                  Revoke
                </RevokeButton>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
