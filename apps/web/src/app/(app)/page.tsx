// Dashboard: who you are and the live state of your web session.
import { DashboardPanel } from "../../client/dashboard-panel";
import { requireWebSession } from "../../server/session/require-web-session";

export const metadata = { title: "Dashboard · Rotor" };

export default async function DashboardPage() {
  await requireWebSession();
  return <DashboardPanel />;
}
