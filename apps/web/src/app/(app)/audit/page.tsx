// The tenant's audit trail (ADMIN only), with refresh-token reuse alerts highlighted.
import { AuditPanel } from "../../../client/audit-panel";
import { requireWebSession } from "../../../server/session/require-web-session";

export const metadata = { title: "Audit · Rotor" };

export default async function AuditPage() {
  await requireWebSession(["ADMIN"]);
  return <AuditPanel />;
}
