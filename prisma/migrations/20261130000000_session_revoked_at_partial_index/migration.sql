-- session_revoked_at_idx holds revoked sessions only (see schema.prisma). Every query that reads it asks
-- for revoked_at before or after a time, which implies NOT NULL, so all of them can still use it. The
-- rotation's `revoked_at IS NULL` no longer can: it finds its session by primary key whatever the
-- statistics say.
--
-- Like every index here, it is built without CONCURRENTLY (each migration runs in one transaction): writes
-- to "session" wait for the one scan of the table that builds it.

-- DropIndex
DROP INDEX "session_revoked_at_idx";

-- CreateIndex
CREATE INDEX "session_revoked_at_idx" ON "session"("revoked_at") WHERE (revoked_at IS NOT NULL);
