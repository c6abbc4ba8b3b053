/**
 * PostgreSQL spellings for what a revision written against SQLite may name. Types
 * TypeORM's PostgreSQL driver already maps ("varchar", "simple-json") are not repeated.
 */
export const POSTGRES_TYPE_EQUIVALENTS: Readonly<Record<string, string>> = {
  datetime: "timestamp without time zone",
  blob: "bytea",
  clob: "text",
  double: "double precision",
  tinyint: "smallint",
  mediumint: "integer",
  "unsigned big int": "bigint",
  "varying character": "character varying",
  nvarchar: "character varying",
  nchar: "character",
  "native character": "character",
};

/**
 * A default in PostgreSQL's words, as TypeORM's synchronize spells it (else its schema
 * builder proposes `SET DEFAULT now()` on every such column): SQLite's `datetime('now')`
 * and the standard `CURRENT_TIMESTAMP` are `now()`.
 */
export function postgresDefault(expression: string | undefined): string | undefined {
  if (expression === undefined) return undefined;
  return /^(datetime\(\s*'now'\s*\)|current_timestamp)$/i.test(expression.trim()) ? "now()" : expression;
}
