-- CreateTable
CREATE TABLE "service_credential" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "tenant_id" UUID,
    "secret_hash" CHAR(64) NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "service_credential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "service_credential_tenant_id_created_at_idx" ON "service_credential"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "service_credential" ADD CONSTRAINT "service_credential_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
