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

const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** TypeORM's spellings of the SQL clock functions (PostgresDriver.normalizeDatetimeFunction). */
const CLOCKS: ReadonlyArray<readonly [RegExp, (precision?: string) => string]> = [
  [/^(?:current_timestamp|now\(\)|datetime\(\s*'now'\s*\))$/i, () => "now()"],
  [/^current_timestamp\((\d+)\)$/i, (p) => `('now'::text)::timestamp(${p}) with time zone`],
  [/^current_date$/i, () => "('now'::text)::date"],
  [/^current_time$/i, () => "('now'::text)::time with time zone"],
  [/^current_time\((\d+)\)$/i, (p) => `('now'::text)::time(${p}) with time zone`],
  [/^localtimestamp$/i, () => "('now'::text)::timestamp without time zone"],
  [/^localtimestamp\((\d+)\)$/i, (p) => `('now'::text)::timestamp(${p}) without time zone`],
  [/^localtime$/i, () => "('now'::text)::time without time zone"],
  [/^localtime\((\d+)\)$/i, (p) => `('now'::text)::time(${p}) without time zone`],
];

/**
 * A default in PostgreSQL's words, as TypeORM's synchronize spells it, because its
 * schema builder compares the text and proposes `SET DEFAULT` on any other spelling:
 * numbers are quoted (`'1.5'`; it reads a bare `1.5` back as different), the clock
 * functions are `now()` and `('now'::text)::date`, and SQLite's `datetime('now')` is `now()`.
 */
export function postgresDefault(expression: string | undefined): string | undefined {
  if (expression === undefined) return undefined;
  const text = expression.trim();
  if (NUMBER.test(text)) return `'${text}'`;
  for (const [pattern, spell] of CLOCKS) {
    const match = pattern.exec(text);
    if (match) return spell(match[1]);
  }
  return expression;
}
