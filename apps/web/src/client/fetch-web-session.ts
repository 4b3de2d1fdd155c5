// The refresh link's `refresh` for the web: asks next-auth's session route, whose `jwt` callback rotates
// the pair server-side when it is due and answers with a fresh httpOnly cookie. The browser never sees a
// refresh token; it only learns the new expiry.
import { RefreshRejectedError } from "@rotor/trpc-refresh-link";
import type { PublicSession } from "../server/session/web-session-state";

export async function fetchWebSession(fetchImpl: typeof fetch = fetch): Promise<PublicSession> {
  const response = await fetchImpl("/api/auth/session", { credentials: "same-origin", cache: "no-store" });
  // 5xx and network failures stay transient (the link keeps the session and fails only this call).
  if (!response.ok) throw new Error(`Session endpoint answered ${response.status}`);
  const body = (await response.json()) as { rotor?: PublicSession };
  const session = body.rotor;
  // No session at all: the cookie is gone (signed out in another tab) or no longer decrypts.
  if (!session) throw new RefreshRejectedError("SESSION_EXPIRED");
  if (session.error) throw new RefreshRejectedError(session.error);
  return session;
}
