// Tenant administration. ADMIN manages, MANAGER reads; anyone else is redirected before rendering.
import { AdminPanel } from "../../../client/admin-panel";
import { requireWebSession } from "../../../server/session/require-web-session";

export const metadata = { title: "Admin · Rotor" };

export default async function AdminPage() {
  const session = await requireWebSession(["ADMIN", "MANAGER"]);
  return <AdminPanel canRevoke={session.user.role === "ADMIN"} />;
}
