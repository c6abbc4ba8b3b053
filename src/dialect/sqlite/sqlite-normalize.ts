import type { ColumnModel, SchemaModel, TableModel } from "../../schema/model";
import { normalizeGeneration } from "../../schema/normalize-generation";
import { normalizeSqlExpression, type ExpressionRules } from "../../schema/normalize-sql-expression";
import { normalizeTables } from "../../schema/normalize-table";
import { parseTypeText } from "../../schema/parse-type-text";
import { matchingClose, tokenizeSql } from "../../schema/tokenize-sql";

/**
 * Every SQLite spelling difference, in one place. Applied to the model built from entity
 * metadata and to the introspected one alike. SQLite keeps a column's declared type as
 * text and decides storage by affinity, so synonyms with one affinity and one meaning
 * compare equal (`int`/`integer`, `datetime`/`timestamp`, uuid stored as varchar), while
 * lengths are kept: SQLite ignores them, but a revision file also runs on PostgreSQL.
 * What SQLite cannot record at all (comments, enum type names, uuid or identity
 * generation) is moved to the `declared*` fields, out of comparison. Idempotent.
 */

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: "integer",
  int4: "integer",
  mediumint: "integer",
  int2: "smallint",
  int8: "bigint",
  "unsigned big int": "bigint",
  "character varying": "varchar",
  "varying character": "varchar",
  nvarchar: "varchar",
  "native character": "varchar",
  // TypeORM stores uuid as varchar on SQLite and generates it itself.
  uuid: "varchar",
  char: "character",
  nchar: "character",
  clob: "text",
  bool: "boolean",
  float4: "real",
  float: "double precision",
  float8: "double precision",
  double: "double precision",
  decimal: "numeric",
  // One affinity (NUMERIC) and one meaning: a date and time without zone, as text.
  datetime: "timestamp",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  // TypeORM's portable types, as its SQLite driver stores them.
  "simple-json": "text",
  "simple-array": "text",
  "simple-enum": "varchar",
};

/** The types TypeORM's SQLite driver writes a length, or a precision and scale, for. */
const LENGTH_TYPES = new Set(["varchar", "character", "text", "blob"]);
const PRECISION_TYPES = new Set(["numeric", "real", "double precision", "date", "time", "timestamp"]);
const SCALE_TYPES = new Set(["numeric", "real", "double precision"]);
const NUMBER_TYPES = new Set(["smallint", "integer", "bigint", "tinyint", "numeric", "real", "double precision"]);

const EXPRESSION_RULES: ExpressionRules = { bracketIdentifiers: true, identifierCase: "preserve" };

const CLOCK_DEFAULTS: ReadonlyArray<readonly [RegExp, string]> = [
  // datetime('now') and CURRENT_TIMESTAMP give the same text; TypeORM writes the former.
  [/^(?:current_timestamp|datetime\(\s*'now'\s*\)|now\(\))$/i, "CURRENT_TIMESTAMP"],
  [/^(?:current_date|date\(\s*'now'\s*\))$/i, "CURRENT_DATE"],
  [/^(?:current_time|time\(\s*'now'\s*\))$/i, "CURRENT_TIME"],
];

/** `((x))` → `x`, but `(1) + (2)` stays whole. */
function stripParens(text: string): string {
  let value = text.trim();
  for (;;) {
    const tokens = tokenizeSql(value, { bracketIdentifiers: true });
    if (tokens[0]?.kind !== "open" || matchingClose(tokens, 0) !== tokens.length - 1) return value;
    value = value.slice(tokens[0].end, tokens[tokens.length - 1]!.start).trim();
  }
}

function normalizeDefault(raw: string | undefined, type: string): string | undefined {
  if (raw === undefined) return undefined;
  const text = stripParens(raw);
  for (const [pattern, canonical] of CLOCK_DEFAULTS) if (pattern.test(text)) return canonical;
  let value = normalizeSqlExpression(text, EXPRESSION_RULES);
  if (value === "NULL") return undefined;
  if (value === "TRUE" || value === "FALSE") value = value.toLowerCase();
  // TypeORM writes booleans as 1 and 0; true and false read the same since SQLite 3.23.
  if (type === "boolean") {
    if (/^(?:1|'1'|'t'|'true')$/i.test(value)) value = "true";
    if (/^(?:0|'0'|'f'|'false')$/i.test(value)) value = "false";
  }
  if (NUMBER_TYPES.has(type)) value = value.replace(/^'(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)'$/i, "$1");
  return value;
}

/** An INTEGER PRIMARY KEY is the rowid: never null, whatever the DDL says. */
function isRowid(table: TableModel, column: ColumnModel, type: string): boolean {
  return type === "integer" && table.primaryKey.length === 1 && table.primaryKey[0] === column.name;
}

function normalizeColumn(table: TableModel, column: ColumnModel): ColumnModel {
  const parsed = parseTypeText(column.type);
  const type = TYPE_NAMES[parsed.name] ?? parsed.name;
  const isEnum = column.enumValues !== undefined && column.enumValues.length > 0;

  let length = column.length ?? (LENGTH_TYPES.has(type) ? parsed.args[0] : undefined);
  let precision = column.precision ?? (PRECISION_TYPES.has(type) ? parsed.args[0] : undefined);
  let scale = column.scale ?? (SCALE_TYPES.has(type) ? parsed.args[1] : undefined);
  // TypeORM declares an enum column as bare varchar, whatever length the entity gives.
  if (isEnum || !LENGTH_TYPES.has(type)) length = undefined;
  if (isEnum || !PRECISION_TYPES.has(type)) precision = undefined;
  if (isEnum || !SCALE_TYPES.has(type) || precision === undefined) scale = undefined;

  const unrecordedGeneration = column.generated === "uuid" || column.generated === "identity";
  return {
    name: column.name,
    type,
    length,
    precision,
    scale,
    nullable: column.nullable && !isRowid(table, column, type),
    default: normalizeDefault(column.default, type),
    generated: unrecordedGeneration ? undefined : column.generated,
    comment: undefined,
    enumName: undefined,
    enumValues: isEnum ? column.enumValues!.map(String) : undefined,
    isArray: column.isArray || undefined,
    collation: column.collation && column.collation.toUpperCase() !== "BINARY" ? column.collation.toUpperCase() : undefined,
    // SQLite's default for a generated column is VIRTUAL, as TypeORM's SQLite driver writes it.
    ...(column.asExpression ? normalizeGeneration(column, column.generatedType ?? "VIRTUAL", EXPRESSION_RULES) : {}),
    declaredType: column.declaredType,
    declaredGenerated: column.declaredGenerated ?? (unrecordedGeneration ? column.generated : undefined),
    declaredComment: column.declaredComment ?? (column.comment || undefined),
    declaredDefault: column.declaredDefault,
    declaredEnumName: column.declaredEnumName ?? column.enumName,
  };
}

export function normalizeSqliteSchema(schema: SchemaModel): SchemaModel {
  const tables = normalizeTables(schema.tables, normalizeColumn, EXPRESSION_RULES);
  // SQLite has no enum types: simple-enum is a CHECK, kept on the column as enumValues.
  return { ...schema, tables, enums: [] };
}
