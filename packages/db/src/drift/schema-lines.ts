// One text line per schema fact, shared by both describers so that "same schema" means "same lines"
// and a drift shows up as a readable line diff. Lines start with the table, so sorting groups them.
// Foreign keys are compared without their names: the DMMF does not expose a relation's `map:` name.
export type ReferentialAction = "Cascade" | "Restrict" | "NoAction" | "SetNull" | "SetDefault";

export interface ColumnFact {
  name: string;
  /** As PostgreSQL's format_type() prints it; enums by bare type name. */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

export interface IndexFact {
  name: string;
  kind: "primary" | "unique" | "index";
  columns: string[];
  /** A partial index's predicate (`WHERE ...`), as SQL; null for a full index. */
  predicate: string | null;
}

export interface ForeignKeyFact {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

const ACTION_SQL: Record<ReferentialAction, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export function formatEnum(name: string, values: string[]): string {
  return `enum ${name}: ${values.join(", ")}`;
}

export function formatColumn(table: string, column: ColumnFact): string {
  return `table ${table}: column ${column.name} ${column.type}${column.notNull ? " NOT NULL" : " NULL"}${column.hasDefault ? " DEFAULT" : ""}`;
}

/**
 * A predicate as both sides can write it: PostgreSQL prints `(revoked_at IS NOT NULL)` for what the schema
 * says as `raw("revoked_at IS NOT NULL")`, so one pair of parentheses around the whole and runs of white
 * space do not count. Anything else must be written in the schema the way pg_get_expr() prints it.
 */
export function normalizePredicate(sql: string): string {
  let text = sql.trim().replace(/\s+/g, " ");
  if (text.startsWith("(") && text.endsWith(")") && wrapsWhole(text)) text = text.slice(1, -1).trim();
  return text;
}

/** True when the parenthesis opening `text` is the one that closes it. */
function wrapsWhole(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i === text.length - 1;
  }
  return false;
}

export function formatIndex(table: string, index: IndexFact): string {
  const kind = index.kind === "primary" ? "PRIMARY KEY" : index.kind === "unique" ? "UNIQUE INDEX" : "INDEX";
  const where = index.predicate ? ` WHERE ${normalizePredicate(index.predicate)}` : "";
  return `table ${table}: ${kind} ${index.name} (${index.columns.join(", ")})${where}`;
}

export function formatForeignKey(table: string, fk: ForeignKeyFact): string {
  return (
    `table ${table}: FOREIGN KEY (${fk.columns.join(", ")}) REFERENCES ${fk.referencedTable} (${fk.referencedColumns.join(", ")})` +
    ` ON DELETE ${ACTION_SQL[fk.onDelete]} ON UPDATE ${ACTION_SQL[fk.onUpdate]}`
  );
}

/** Lines only one side has, as "- " (schema.prisma only) and "+ " (database only), in sorted order. */
export function diffSchemaLines(expected: string[], actual: string[]): string[] {
  const expectedSet = new Set(expected);
  const actualSet = new Set(actual);
  return [
    ...expected.filter((line) => !actualSet.has(line)).map((line) => `- ${line}`),
    ...actual.filter((line) => !expectedSet.has(line)).map((line) => `+ ${line}`),
  ].sort((a, b) => (a.slice(2) < b.slice(2) ? -1 : a.slice(2) > b.slice(2) ? 1 : 0));
}
