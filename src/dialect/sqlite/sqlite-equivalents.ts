/**
 * SQLite spellings for what a revision written against PostgreSQL may name. Types
 * TypeORM's SQLite driver already maps ("uuid", "simple-json") are not repeated here.
 */
export const SQLITE_TYPE_EQUIVALENTS: Readonly<Record<string, string>> = {
  "character varying": "varchar",
  "timestamp with time zone": "datetime",
  "timestamp without time zone": "datetime",
  timestamptz: "datetime",
  timestamp: "datetime",
  "time with time zone": "time",
  "time without time zone": "time",
  timetz: "time",
  bool: "boolean",
  int4: "integer",
  float4: "real",
  float8: "double precision",
  jsonb: "json",
  bytea: "blob",
  citext: "text",
  xml: "text",
  money: "numeric",
  inet: "varchar",
  cidr: "varchar",
  macaddr: "varchar",
  interval: "varchar",
  enum: "varchar",
};

const UUID_FUNCTIONS = /^(gen_random_uuid|uuid_generate_v4)\(\)$/i;

/**
 * A default in SQLite's words. PostgreSQL's `now()` is CURRENT_TIMESTAMP; a uuid
 * function has no SQLite counterpart (TypeORM generates such keys in the application).
 */
export function sqliteDefault(expression: string | undefined): string | undefined {
  if (expression === undefined || UUID_FUNCTIONS.test(expression.trim())) return undefined;
  return /^now\(\)$/i.test(expression.trim()) ? "CURRENT_TIMESTAMP" : expression;
}
