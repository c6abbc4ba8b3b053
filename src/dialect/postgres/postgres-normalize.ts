import { collectEnums } from "../../schema/collect-enums";
import type { ColumnModel, SchemaModel, TableModel } from "../../schema/model";
import { normalizeSqlExpression, type ExpressionRules } from "../../schema/normalize-sql-expression";
import { normalizeGeneration } from "../../schema/normalize-generation";
import { normalizeTables } from "../../schema/normalize-table";
import { parseTypeText } from "../../schema/parse-type-text";

/**
 * Every PostgreSQL spelling difference, in one place. Applied to the model built from
 * entity metadata and to the introspected one alike, so that equal columns are equal
 * field by field: `int4`/`integer`/`int`, `character varying(64)` → varchar + length 64,
 * `'x'::character varying` → `'x'`, `now()` → `CURRENT_TIMESTAMP`, `nextval(…)` →
 * generated increment, and so on. Idempotent.
 */

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: "integer",
  int4: "integer",
  serial: "integer",
  serial4: "integer",
  int2: "smallint",
  smallserial: "smallint",
  serial2: "smallint",
  int8: "bigint",
  bigserial: "bigint",
  serial8: "bigint",
  "character varying": "varchar",
  char: "character",
  bpchar: "character",
  bool: "boolean",
  float4: "real",
  float: "double precision",
  float8: "double precision",
  decimal: "numeric",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  "time with time zone": "timetz",
  "bit varying": "varbit",
  // TypeORM's portable types, as its PostgreSQL driver stores them.
  "simple-json": "text",
  "simple-array": "text",
  "simple-enum": "enum",
};

const SERIALS = new Set(["serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"]);
const LENGTH_TYPES = new Set(["varchar", "character", "bit", "varbit"]);
/** What PostgreSQL assumes when no length is given (`character` is `character(1)`). */
const DEFAULT_LENGTH: Readonly<Record<string, number>> = { character: 1, bit: 1 };
const TIME_TYPES = new Set(["time", "timetz", "timestamp", "timestamptz", "interval"]);
const DEFAULT_TIME_PRECISION = 6;
const NUMBER_TYPES = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);
const JSON_TYPES = new Set(["json", "jsonb"]);

const EXPRESSION_RULES: ExpressionRules = { stripCasts: true, identifierCase: "fold-unquoted" };

/** PostgreSQL's own spellings of the current time (TypeORM writes some of them for CURRENT_*). */
const CLOCK_DEFAULTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:now\(\)|transaction_timestamp\(\)|current_timestamp|\('now'::text\)::timestamp with time zone)$/i, "CURRENT_TIMESTAMP"],
  [/^(?:current_timestamp\((\d+)\)|\('now'::text\)::timestamp\((\d+)\) with time zone)$/i, "CURRENT_TIMESTAMP($1)"],
  [/^(?:current_date|\('now'::text\)::date)$/i, "CURRENT_DATE"],
  [/^(?:localtimestamp|\('now'::text\)::timestamp without time zone)$/i, "LOCALTIMESTAMP"],
  [/^(?:localtimestamp\((\d+)\)|\('now'::text\)::timestamp\((\d+)\) without time zone)$/i, "LOCALTIMESTAMP($1)"],
  [/^(?:current_time|\('now'::text\)::time with time zone)$/i, "CURRENT_TIME"],
  [/^(?:current_time\((\d+)\)|\('now'::text\)::time\((\d+)\) with time zone)$/i, "CURRENT_TIME($1)"],
  [/^(?:localtime|\('now'::text\)::time without time zone)$/i, "LOCALTIME"],
  [/^(?:localtime\((\d+)\)|\('now'::text\)::time\((\d+)\) without time zone)$/i, "LOCALTIME($1)"],
];

function clockDefault(text: string): string | undefined {
  for (const [pattern, canonical] of CLOCK_DEFAULTS) {
    const match = pattern.exec(text);
    if (match) return canonical.replace("$1", match[1] ?? match[2] ?? "");
  }
  return undefined;
}

/** JSON defaults compare by value: jsonb re-orders keys and re-spaces the text. */
function canonicalJson(literal: string): string {
  if (!literal.startsWith("'") || !literal.endsWith("'")) return literal;
  try {
    const sortKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortKeys)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
            )
          : value;
    const parsed: unknown = JSON.parse(literal.slice(1, -1).split("''").join("'"));
    return `'${JSON.stringify(sortKeys(parsed)).split("'").join("''")}'`;
  } catch {
    return literal;
  }
}

interface DefaultAndGeneration {
  readonly default?: string;
  readonly generated?: ColumnModel["generated"];
}

function normalizeDefault(raw: string | undefined, type: string, isArray: boolean): DefaultAndGeneration {
  if (raw === undefined) return {};
  const text = raw.trim();
  if (/^nextval\(/i.test(text)) return { generated: "increment" };
  if (/^(?:gen_random_uuid|uuid_generate_v[14])\(\)$/i.test(text)) return { generated: "uuid" };
  const clock = clockDefault(text);
  if (clock) return { default: clock };
  let value = normalizeSqlExpression(text, EXPRESSION_RULES);
  if (value === "NULL") return {};
  if (value === "TRUE" || value === "FALSE") value = value.toLowerCase();
  if (!isArray && type === "boolean") {
    if (/^'(?:t|true|y|yes|on|1)'$/i.test(value)) value = "true";
    if (/^'(?:f|false|n|no|off|0)'$/i.test(value)) value = "false";
  }
  if (!isArray && NUMBER_TYPES.has(type)) value = value.replace(/^'(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)'$/i, "$1");
  if (!isArray && JSON_TYPES.has(type)) value = canonicalJson(value);
  return { default: value };
}

function normalizeColumn(table: TableModel, column: ColumnModel): ColumnModel {
  const parsed = parseTypeText(column.type);
  const type = TYPE_NAMES[parsed.name] ?? parsed.name;
  const isArray = column.isArray === true || parsed.isArray;

  let length = column.length ?? (LENGTH_TYPES.has(type) ? parsed.args[0] : undefined);
  let precision = column.precision ?? (type === "numeric" || TIME_TYPES.has(type) ? parsed.args[0] : undefined);
  let scale = column.scale ?? (type === "numeric" ? parsed.args[1] : undefined);
  if (!LENGTH_TYPES.has(type) || length === DEFAULT_LENGTH[type]) length = undefined;
  if (TIME_TYPES.has(type) && precision === DEFAULT_TIME_PRECISION) precision = undefined;
  if (type === "numeric") {
    // numeric(p) is numeric(p,0); a scale without a precision is not something TypeORM emits.
    if (precision !== undefined) scale ??= 0;
    else scale = undefined;
  } else {
    scale = undefined;
    if (!TIME_TYPES.has(type)) precision = undefined;
  }

  const fromDefault = normalizeDefault(column.default, type, isArray);
  const generated = column.generated ?? fromDefault.generated ?? (SERIALS.has(parsed.name) ? "increment" : undefined);
  const isEnum = type === "enum";
  return {
    name: column.name,
    type,
    length,
    precision,
    scale,
    nullable: column.nullable,
    default: generated ? undefined : fromDefault.default,
    generated,
    comment: column.comment || undefined,
    // TypeORM's name for an enum type nobody named.
    enumName: isEnum ? (column.enumName ?? `${table.name}_${column.name.toLowerCase()}_enum`) : undefined,
    enumValues: column.enumValues?.map(String),
    isArray: isArray || undefined,
    collation: column.collation && column.collation !== "default" ? column.collation : undefined,
    // PostgreSQL has stored generated columns only; TypeORM creates a VIRTUAL one as a plain column.
    ...(column.generatedType === "STORED" && column.asExpression ? normalizeGeneration(column, "STORED", EXPRESSION_RULES) : {}),
    declaredType: column.declaredType,
    declaredGenerated: column.declaredGenerated,
    declaredComment: column.declaredComment,
    declaredDefault: column.declaredDefault,
    declaredEnumName: column.declaredEnumName,
  };
}

export function normalizePostgresSchema(schema: SchemaModel): SchemaModel {
  const tables = normalizeTables(schema.tables, normalizeColumn, EXPRESSION_RULES);
  return { ...schema, tables, enums: collectEnums(tables) };
}
