// The operator dashboard (ADMIN only, own tenant): activity charts over the last hour and the audit log
// with filters, keyset paging and event details.
import { AuditPanel } from "../../../client/audit-panel";
import { OperationsPanel } from "../../../client/operations-panel";
import { requireWebSession } from "../../../server/session/require-web-session";

export const metadata = { title: "Operations · Rotor" };

export default async function AuditPage() {
  await requireWebSession(["ADMIN"]);
  return (
    <>
      <div className="page-head">
        <h1>Operations</h1>
      </div>
      <OperationsPanel />
      <h2>Audit log</h2>
      <AuditPanel />
    </>
  );
}
