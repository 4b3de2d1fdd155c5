import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth } from "../testing/create-test-auth.ts";
import { createServiceCredentials, type ServiceCredentials } from "./service-credentials.ts";

let t: TestAuth;
let credentials: ServiceCredentials;
beforeAll(async () => {
  t = await createTestAuth();
  credentials = createServiceCredentials({ prisma: t.prisma, clock: t.clock });
});
afterAll(() => t.close());

describe("service credentials", () => {
  it("create returns the secret once and stores only its SHA-256; authenticate accepts it (both forms)", async () => {
    const created = await credentials.create({ name: "billing", tenantId: t.tenants.acme.id, actor: null, meta: t.meta });
    expect(created.bearer).toBe(`${created.id}.${created.clientSecret}`);
    const row = await t.prisma.serviceCredential.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.clientSecret);
    const principal = { id: created.id, name: "billing", tenantId: t.tenants.acme.id };
    await expect(credentials.authenticate(created.id, created.clientSecret)).resolves.toEqual(principal);
    await expect(credentials.authenticateBearer(created.bearer)).resolves.toEqual(principal);
    expect(await t.prisma.auditEvent.count({ where: { type: "service-credential-created", tenantId: t.tenants.acme.id } })).toBe(1);
  });

  it("refuses a wrong secret, an unknown or malformed id, a malformed bearer, and a revoked credential", async () => {
    const created = await credentials.create({ name: "x", tenantId: null, actor: null, meta: t.meta });
    const otherSecret = "B".repeat(43);
    for (const [id, secret] of [
      [created.id, otherSecret],
      ["00000000-0000-4000-8000-000000000000", created.clientSecret],
      ["not-a-uuid", created.clientSecret],
      [created.id, "short"],
    ] as const) {
      await expect(credentials.authenticate(id, secret)).resolves.toBeNull();
    }
    for (const bearer of ["", "no-dot", `${created.id}.`, `.${created.clientSecret}`]) await expect(credentials.authenticateBearer(bearer)).resolves.toBeNull();
    await credentials.revoke({ id: created.id, tenantId: null, actor: null, meta: t.meta });
    await expect(credentials.authenticate(created.id, created.clientSecret)).resolves.toBeNull();
  });

  it("list and revoke are scoped to the tenant; revoking twice records one audit row", async () => {
    const acme = await credentials.create({ name: "a", tenantId: t.tenants.acme.id, actor: null, meta: t.meta });
    const globex = await credentials.create({ name: "g", tenantId: t.tenants.globex.id, actor: null, meta: t.meta });
    const listed = await credentials.list({ tenantId: t.tenants.acme.id });
    expect(listed.map((c) => c.id)).toContain(acme.id);
    expect(listed.map((c) => c.id)).not.toContain(globex.id);
    expect((await credentials.list({ tenantId: null })).map((c) => c.id)).toEqual(expect.arrayContaining([acme.id, globex.id]));
    for (const id of [globex.id, "nope"]) {
      await expect(credentials.revoke({ id, tenantId: t.tenants.acme.id, actor: null, meta: t.meta })).rejects.toMatchObject({ code: "SERVICE_CREDENTIAL_NOT_FOUND" });
    }
    await credentials.revoke({ id: acme.id, tenantId: t.tenants.acme.id, actor: null, meta: t.meta });
    await credentials.revoke({ id: acme.id, tenantId: t.tenants.acme.id, actor: null, meta: t.meta });
    const rows = await t.prisma.auditEvent.findMany({ where: { type: "service-credential-revoked" } });
    expect(rows.filter((r) => (r.details as { serviceCredentialId?: string }).serviceCredentialId === acme.id)).toHaveLength(1);
  });
});
