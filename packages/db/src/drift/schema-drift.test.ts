// Guards the hand-written migrations: after migrating a fresh database, its tables, columns, indexes
// and foreign keys must be exactly what prisma/schema.prisma says (Prisma's `migrate diff` cannot run
// here without its native engine). On failure the message is a line diff: "-" schema, "+" database.
import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { prismaSchemaPath } from "../paths.ts";
import { createTestDatabase } from "../testing/create-test-database.ts";
import { describeDatabaseSchema } from "./describe-database-schema.ts";
import { describePrismaSchema } from "./describe-prisma-schema.ts";
import { diffSchemaLines } from "./schema-lines.ts";

describe("schema drift", () => {
  it("prisma/schema.prisma and prisma/migrations describe the same database", async () => {
    const database = await createTestDatabase(inject("rotorPgUrl"));
    try {
      const expected = describePrismaSchema(await readFile(prismaSchemaPath, "utf8"));
      const actual = await describeDatabaseSchema(database.connectionString);
      const drift = diffSchemaLines(expected, actual);
      expect(
        drift,
        `schema.prisma ("-") and the migrated database ("+") differ; fix the schema or add a migration:\n` +
          `${drift.join("\n")}\n`,
      ).toEqual([]);
      // Not vacuous: the partial index's predicate was compared too (the DMMF does not carry it).
      expect(actual).toContain("table session: INDEX session_revoked_at_idx (revoked_at) WHERE revoked_at IS NOT NULL");
      // Not vacuous: every model's table was compared.
      for (const table of ["tenant", "user", "session", "refresh_token", "audit_event"]) {
        expect(expected.some((line) => line.startsWith(`table ${table}: PRIMARY KEY`))).toBe(true);
      }
    } finally {
      await database.drop();
    }
  });

  it("notices type, nullability, default, index and onDelete differences", async () => {
    const schema = await readFile(prismaSchemaPath, "utf8");
    const edited = schema
      .replace("slug      String   @unique @db.VarChar(63)", "slug      String   @unique @db.VarChar(64)")
      .replace("ip                String?   @db.VarChar(64)", "ip                String    @db.VarChar(64)")
      .replace("details   Json     @default(\"{}\")", "details   Json")
      .replace("  @@index([userId])\n", "")
      .replace('@@index([revokedAt], where: raw("revoked_at IS NOT NULL"))', '@@index([revokedAt], where: raw("(revoked_at  IS NULL)"))')
      .replace(
        "user          User           @relation(fields: [userId], references: [id], onDelete: Cascade)",
        "user          User           @relation(fields: [userId], references: [id], onDelete: Restrict)",
      );
    expect(edited).not.toBe(schema);

    const drift = diffSchemaLines(describePrismaSchema(edited), describePrismaSchema(schema));

    expect([...drift].sort()).toEqual(
      [
      "- table audit_event: column details jsonb NOT NULL",
      "+ table audit_event: column details jsonb NOT NULL DEFAULT",
      "+ table audit_event: INDEX audit_event_user_id_idx (user_id)",
      "- table session: FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE RESTRICT ON UPDATE CASCADE",
      "+ table session: FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE ON UPDATE CASCADE",
      "- table session: column ip character varying(64) NOT NULL",
      "+ table session: column ip character varying(64) NULL",
      "- table session: INDEX session_revoked_at_idx (revoked_at) WHERE revoked_at IS NULL",
      "+ table session: INDEX session_revoked_at_idx (revoked_at) WHERE revoked_at IS NOT NULL",
      "- table tenant: column slug character varying(64) NOT NULL",
      "+ table tenant: column slug character varying(63) NOT NULL",
      ].sort(),
    );
  });

  it("refuses a partial index it cannot compare rather than reading it as a full one", async () => {
    const schema = await readFile(prismaSchemaPath, "utf8");
    const edited = schema.replace('where: raw("revoked_at IS NOT NULL")', "where: { revokedAt: { not: null } }");
    expect(edited).not.toBe(schema);
    expect(() => describePrismaSchema(edited)).toThrow(/only @@index\/@@unique\(\[\.\.\.\], where: raw/);
  });
});
