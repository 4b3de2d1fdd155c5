// Ends the web session in the browser: next-auth's sign-out (which revokes the Rotor session server-side
// and clears the cookie), then a full page load of the login page, so no client state survives.
import { signOut } from "next-auth/react";

let ending = false;

export async function endWebSession(target: "/login" | "/login?reason=session-expired"): Promise<void> {
  if (ending) return; // many failing calls, one sign-out
  ending = true;
  try {
    await signOut({ redirect: false });
  } catch {
    // The cookie may already be unusable; the login page works either way.
  }
  window.location.assign(target);
}
