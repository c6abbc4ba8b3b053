import type { QueryRunner } from "typeorm";

/** Statements that only read; `--sql` output leaves them out. */
const READ_ONLY = /^\s*(SELECT|WITH|SHOW|PRAGMA\s+(table_x?info|index_list|index_info|index_xinfo|foreign_key_list|foreign_key_check|busy_timeout)\b)/i;

/**
 * Appends to `into` every statement that changes something while `work` runs on
 * `queryRunner` (transaction control and PRAGMA lines included). TypeORM's schema API
 * reads the catalog as it goes, so `--sql` runs the revisions for real, on a scratch
 * database, and prints what was executed.
 */
export async function captureSqlInto<T>(queryRunner: QueryRunner, into: string[], work: () => Promise<T>): Promise<T> {
  const original = queryRunner.query;
  queryRunner.query = function (this: QueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
    if (!READ_ONLY.test(sql)) into.push(inline(sql, parameters));
    return (original as Function).call(this, sql, parameters, ...rest);
  } as QueryRunner["query"];
  try {
    return await work();
  } finally {
    queryRunner.query = original;
  }
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The statement with its bound values written in (strings are quoted, so it runs as printed). */
function inline(sql: string, parameters?: unknown[]): string {
  if (!parameters?.length) return sql;
  let position = 0;
  return sql.replace(/\$(\d+)|\?/g, (match, n) => literal(parameters[n ? Number(n) - 1 : position++]) ?? match);
}
