// What PostgreSQL tables `prisma/schema.prisma` implies, as sorted text lines comparable with
// describeDatabaseSchema(). Read from Prisma's DMMF (its wasm parser, offline), and rendered the way
// PostgreSQL's format_type() prints types, so the two sides can be compared line by line.
import { getDMMF } from "@prisma/get-dmmf";
import { formatForeignKey, formatIndex, formatColumn, formatEnum, type ReferentialAction } from "./schema-lines.ts";

type Datamodel = Extract<ReturnType<typeof getDMMF>, { datamodel: unknown }>["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

// Prisma's default column types on PostgreSQL, per scalar, when no @db.* attribute is given.
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

// @db.* attributes, rendered as format_type() prints them.
const NATIVE_TYPES: Record<string, (args: readonly string[]) => string> = {
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Decimal: (args) => (args.length ? `numeric(${args.join(",")})` : "numeric"),
  Money: () => "money",
  Inet: () => "inet",
  Oid: () => "oid",
  Citext: () => "citext",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  VarChar: (args) => (args.length ? `character varying(${args[0]})` : "character varying"),
  Char: (args) => `character(${args[0] ?? "1"})`,
  Text: () => "text",
  ByteA: () => "bytea",
  Timestamp: (args) => `timestamp${args.length ? `(${args[0]})` : ""} without time zone`,
  Timestamptz: (args) => `timestamp${args.length ? `(${args[0]})` : ""} with time zone`,
  Date: () => "date",
  Time: (args) => `time${args.length ? `(${args[0]})` : ""} without time zone`,
  Timetz: (args) => `time${args.length ? `(${args[0]})` : ""} with time zone`,
  Boolean: () => "boolean",
  Bit: (args) => `bit(${args[0] ?? "1"})`,
  VarBit: (args) => (args.length ? `bit varying(${args[0]})` : "bit varying"),
  Uuid: () => "uuid",
  Xml: () => "xml",
  Json: () => "json",
  JsonB: () => "jsonb",
};

// Defaults the Prisma client fills in itself: no DEFAULT clause exists in the database for these.
const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

// PostgreSQL's identifier limit; Prisma truncates generated constraint names to fit it.
const MAX_IDENTIFIER_LENGTH = 63;

export function describePrismaSchema(schemaSource: string): string[] {
  const dmmf = getDMMF({ datamodel: schemaSource });
  if (!("datamodel" in dmmf)) throw new Error(`Cannot parse the Prisma schema: ${dmmf.reason}`, { cause: dmmf.error });
  const { models, enums, indexes } = dmmf.datamodel;

  const enumDbNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelsByName = new Map(models.map((model) => [model.name, model]));
  const lines: string[] = enums.map((e) => formatEnum(e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)));

  for (const model of models) {
    const table = model.dbName ?? model.name;
    const columnOf = (fieldName: string) => columnName(model, fieldName);

    for (const field of model.fields) {
      if (field.kind === "object") continue;
      lines.push(
        formatColumn(table, {
          name: field.dbName ?? field.name,
          type: columnType(field, enumDbNames),
          notNull: field.isRequired || field.isList,
          hasDefault: hasDatabaseDefault(field),
        }),
      );
    }

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const referenced = modelsByName.get(field.type);
      if (!referenced) throw new Error(`Relation ${model.name}.${field.name} points to unknown model ${field.type}`);
      const columns = field.relationFromFields.map(columnOf);
      // Prisma's defaults: optional relations SET NULL on delete, required ones RESTRICT; updates cascade.
      const allOptional = field.relationFromFields.every((name) => !model.fields.find((f) => f.name === name)?.isRequired);
      lines.push(
        formatForeignKey(table, {
          columns,
          referencedTable: referenced.dbName ?? referenced.name,
          referencedColumns: (field.relationToFields ?? []).map((name) => columnName(referenced, name)),
          onDelete: (field.relationOnDelete ?? (allOptional ? "SetNull" : "Restrict")) as ReferentialAction,
          onUpdate: (field.relationOnUpdate ?? "Cascade") as ReferentialAction,
        }),
      );
    }
  }

  const predicates = indexPredicates(schemaSource);
  for (const index of indexes) {
    const model = modelsByName.get(index.model);
    if (!model) continue;
    const table = model.dbName ?? model.name;
    const columns = index.fields.map((field) => columnName(model, field.name));
    const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
    const suffix = kind === "primary" ? "pkey" : kind === "unique" ? "key" : "idx";
    const name = index.dbName ?? constraintName(kind === "primary" ? [table] : [table, ...columns], suffix);
    const predicate = kind === "primary" ? null : (predicates.get(predicateKey(index.model, index.fields.map((field) => field.name))) ?? null);
    lines.push(formatIndex(table, { name, kind, columns, predicate }));
  }

  return lines.sort();
}

const predicateKey = (model: string, fields: readonly string[]) => `${model}(${fields.join(", ")})`;

/**
 * Partial-index predicates (the `partialIndexes` preview feature), which the DMMF leaves out: read from the
 * schema's own `@@index([...], where: raw("..."))` and `@@unique` lines, keyed by model and fields. A `where:`
 * in any other form is refused, so no predicate is ever silently compared as a full index.
 */
function indexPredicates(schemaSource: string): Map<string, string> {
  const predicates = new Map<string, string>();
  for (const [, model, body] of schemaSource.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    for (const line of body!.split("\n")) {
      if (line.trim().startsWith("//") || !/\bwhere\s*:/.test(line)) continue;
      const match = /^\s*@@(?:index|unique)\(\s*\[([^\]]*)\][^)]*?\bwhere\s*:\s*raw\(\s*("(?:[^"\\]|\\.)*")\s*\)/.exec(line);
      if (!match) throw new Error(`describePrismaSchema: only @@index/@@unique([...], where: raw("...")) partial indexes are supported: ${line.trim()}`);
      const fields = match[1]!.split(",").map((field) => field.trim().replace(/\(.*$/, ""));
      const key = predicateKey(model!, fields);
      if (predicates.has(key)) throw new Error(`describePrismaSchema: two partial indexes on ${key}`);
      predicates.set(key, JSON.parse(match[2]!) as string);
    }
  }
  return predicates;
}

function columnName(model: Model, fieldName: string): string {
  const field = model.fields.find((f) => f.name === fieldName);
  if (!field) throw new Error(`Model ${model.name} has no field ${fieldName}`);
  return field.dbName ?? field.name;
}

function columnType(field: Field, enumDbNames: Map<string, string>): string {
  let type: string | undefined;
  if (field.kind === "enum") type = enumDbNames.get(field.type);
  else if (field.nativeType) {
    const [name, args] = field.nativeType as unknown as [string, string[]];
    type = NATIVE_TYPES[name]?.(args);
    if (!type) throw new Error(`describePrismaSchema: no mapping for @db.${name}; add it to NATIVE_TYPES`);
  } else type = SCALAR_TYPES[field.type];
  if (!type) throw new Error(`describePrismaSchema: no mapping for ${field.kind} type ${field.type}`);
  return field.isList ? `${type}[]` : type;
}

function hasDatabaseDefault(field: Field): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = field.default;
  const isFunction = typeof fn === "object" && fn !== null && !Array.isArray(fn) && "name" in fn;
  return !(isFunction && CLIENT_SIDE_DEFAULTS.has(fn.name));
}

// Prisma's naming convention: <table>_<columns>_<suffix>, the prefix truncated to fit 63 characters.
function constraintName(parts: string[], suffix: string): string {
  const prefix = parts.join("_").slice(0, MAX_IDENTIFIER_LENGTH - suffix.length - 1);
  return `${prefix}_${suffix}`;
}
