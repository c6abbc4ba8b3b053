import type { QueryRunner } from "typeorm";

/** Statements that only read; `--sql` output leaves them out. */
const READ_ONLY = /^\s*(SELECT|WITH|SHOW|PRAGMA\s+(table_x?info|index_list|index_info|index_xinfo|foreign_key_list|foreign_key_check|busy_timeout)\b)/i;

/**
 * Records every statement that changes something while `work` runs on `queryRunner`.
 * TypeORM's schema API reads the catalog as it goes, so `--sql` runs the revisions for
 * real inside a transaction that is rolled back, and prints what was executed.
 */
export async function captureSql(queryRunner: QueryRunner, work: () => Promise<void>): Promise<string[]> {
  const statements: string[] = [];
  const original = queryRunner.query;
  queryRunner.query = function (this: QueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
    if (!READ_ONLY.test(sql)) statements.push(inline(sql, parameters));
    return (original as Function).call(this, sql, parameters, ...rest);
  } as QueryRunner["query"];
  try {
    await work();
  } finally {
    queryRunner.query = original;
  }
  return statements;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The statement with its bound values written in, for reading (not for running). */
function inline(sql: string, parameters?: unknown[]): string {
  if (!parameters?.length) return sql;
  let position = 0;
  return sql.replace(/\$(\d+)|\?/g, (match, n) => literal(parameters[n ? Number(n) - 1 : position++]) ?? match);
}
