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
 * A default in SQLite's words, as TypeORM's synchronize spells it (its schema builder
 * compares the text): booleans are 1 and 0, PostgreSQL's `now()` is `datetime('now')`
 * (a CreateDateColumn's default here). A uuid function has no SQLite counterpart
 * (TypeORM generates such keys in the application).
 */
export function sqliteDefault(expression: string | undefined): string | undefined {
  if (expression === undefined) return undefined;
  const text = expression.trim();
  if (UUID_FUNCTIONS.test(text)) return undefined;
  if (/^now\(\)$/i.test(text)) return "datetime('now')";
  if (/^true$/i.test(text)) return "1";
  if (/^false$/i.test(text)) return "0";
  return expression;
}
