// What a live PostgreSQL schema contains, read from pg_catalog, as the same lines describePrismaSchema()
// produces. Prisma's own bookkeeping table is left out.
import pg from "pg";
import { formatColumn, formatEnum, formatForeignKey, formatIndex, type ReferentialAction } from "./schema-lines.ts";

const ACTIONS: Record<string, ReferentialAction> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

const COLUMNS = `
  SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
         a.attnotnull AS not_null, a.atthasdef AS has_default
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relname <> '_prisma_migrations'`;

const INDEXES = `
  SELECT t.relname AS table, i.relname AS name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
         array(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
         pg_get_expr(x.indpred, x.indrelid) AS predicate
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`;

const FOREIGN_KEYS = `
  SELECT t.relname AS table, r.relname AS referenced_table, con.confdeltype AS on_delete, con.confupdtype AS on_update,
         array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
         array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns
  FROM pg_constraint con
  JOIN pg_class t ON t.oid = con.conrelid
  JOIN pg_class r ON r.oid = con.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE con.contype = 'f' AND n.nspname = current_schema()`;

const ENUMS = `
  SELECT t.typname AS name,
         array(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e' AND n.nspname = current_schema()`;

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  has_default: boolean;
}

interface IndexRow {
  table: string;
  name: string;
  is_primary: boolean;
  is_unique: boolean;
  columns: string[];
  predicate: string | null;
}

interface ForeignKeyRow {
  table: string;
  referenced_table: string;
  on_delete: string;
  on_update: string;
  columns: string[];
  referenced_columns: string[];
}

export async function describeDatabaseSchema(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const [columns, indexes, foreignKeys, enums] = [
      (await client.query<ColumnRow>(COLUMNS)).rows,
      (await client.query<IndexRow>(INDEXES)).rows,
      (await client.query<ForeignKeyRow>(FOREIGN_KEYS)).rows,
      (await client.query<{ name: string; values: string[] }>(ENUMS)).rows,
    ];
    const action = (code: string): ReferentialAction => {
      const found = ACTIONS[code];
      if (!found) throw new Error(`Unknown referential action code ${code}`);
      return found;
    };
    return [
      ...enums.map((e) => formatEnum(e.name, e.values)),
      ...columns.map((c) =>
        formatColumn(c.table, {
          name: c.column,
          // format_type() quotes mixed-case type names ("Role"); the schema side uses bare names.
          type: c.type.replaceAll('"', ""),
          notNull: c.not_null,
          hasDefault: c.has_default,
        }),
      ),
      ...indexes.map((i) =>
        formatIndex(i.table, {
          name: i.name,
          kind: i.is_primary ? "primary" : i.is_unique ? "unique" : "index",
          columns: i.columns,
          predicate: i.predicate,
        }),
      ),
      ...foreignKeys.map((fk) =>
        formatForeignKey(fk.table, {
          columns: fk.columns,
          referencedTable: fk.referenced_table,
          referencedColumns: fk.referenced_columns,
          onDelete: action(fk.on_delete),
          onUpdate: action(fk.on_update),
        }),
      ),
    ].sort();
  } finally {
    await client.end().catch(() => undefined);
  }
}
