-- Retention (issue 12): the cleanup job deletes ended sessions and old audit rows in keyset batches.

-- Audit rows keep naming a deleted session: no foreign key (a SET NULL key would rewrite every audit row of
-- a session when the session is deleted, and lose which session they were about).
ALTER TABLE "audit_event" DROP CONSTRAINT "audit_event_session_id_fkey";

-- CreateIndex
CREATE INDEX "session_idle_expires_at_idx" ON "session"("idle_expires_at");

-- CreateIndex
CREATE INDEX "audit_event_created_at_id_idx" ON "audit_event"("created_at", "id");

-- Operator dashboard: the audit log filtered by outcome, and by user, within a tenant (newest first).
-- CreateIndex
CREATE INDEX "audit_event_tenant_id_outcome_created_at_idx" ON "audit_event"("tenant_id", "outcome", "created_at");

-- CreateIndex
CREATE INDEX "audit_event_tenant_id_user_id_created_at_idx" ON "audit_event"("tenant_id", "user_id", "created_at");
