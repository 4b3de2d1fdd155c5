-- CreateIndex
CREATE INDEX "session_revoked_at_idx" ON "session"("revoked_at");
