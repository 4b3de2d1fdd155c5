// Server-side page guard: decides before anything renders whether the visitor may see a page. A page a
// role may not see is never rendered for it (redirect to /unauthorized); a missing or ended session goes
// to /login. The session is checked against the database, so a session revoked elsewhere cannot render
// pages with a cookie that still decrypts. (Not the API's fast revocation list: that one only remembers
// a revocation while the session's access tokens may live, and the cookie's token may be long expired.)
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { createDatabaseSessionGuard, isAuthError, type AuthRole } from "@rotor/auth";
import { getServices } from "../services";
import { subjectOf } from "./build-auth-options";
import { readWebSession } from "./read-web-session";
import { getSessionSettings } from "./session-env";
import { toPublicSession, type PublicSession } from "./web-session-state";

export type WebSessionStatus = { status: "active"; session: PublicSession } | { status: "none" } | { status: "ended" };

/** Once per request (React cache): the layout and the page both ask. */
export const loadWebSession = cache(async (): Promise<WebSessionStatus> => {
  const state = await readWebSession(await cookies(), await getSessionSettings());
  if (!state) return { status: "none" };
  if (state.error) return { status: "ended" };
  const { tokens } = await getServices();
  try {
    // Liveness only: an expired access token is fine here, the browser rotates it on its first call.
    await createDatabaseSessionGuard({ sql: tokens.deps.sql, clock: Date.now }).assertActive(subjectOf(state));
  } catch (error) {
    if (isAuthError(error)) return { status: "ended" };
    throw error;
  }
  return { status: "active", session: toPublicSession(state) };
});

/** The signed-in visitor's public session, or a redirect. Only public data is returned (no tokens). */
export async function requireWebSession(roles?: readonly AuthRole[]): Promise<PublicSession> {
  const result = await loadWebSession();
  if (result.status === "none") redirect("/login");
  if (result.status === "ended") redirect("/login?reason=session-expired");
  if (roles && !roles.includes(result.session.user.role)) redirect("/unauthorized");
  return result.session;
}
