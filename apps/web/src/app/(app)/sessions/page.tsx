// Your sessions: see where you are signed in, revoke any of them, or sign out everywhere.
import { SessionsPanel } from "../../../client/sessions-panel";
import { requireWebSession } from "../../../server/session/require-web-session";

export const metadata = { title: "Sessions · Rotor" };

export default async function SessionsPage() {
  await requireWebSession();
  return <SessionsPanel />;
}
