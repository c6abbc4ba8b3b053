import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import { isWord, tokenizeSql } from "../../schema/tokenize-sql";

/** SQLite has no ALTER INDEX: the index is dropped and created again from its own CREATE INDEX text, under the new name. */
export async function renameSqliteIndex(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void> {
  const [row]: { sql: string | null }[] = await queryRunner.query(
    `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ? COLLATE NOCASE AND tbl_name = ? COLLATE NOCASE`,
    [from, table],
  );
  if (!row?.sql) throw new StrataError(`Table "${table}" has no index "${from}" to rename.`);
  const tokens = tokenizeSql(row.sql, { bracketIdentifiers: true });
  // CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON …: the name is the token before ON.
  const name = tokens[tokens.findIndex((t) => isWord(t, "ON")) - 1];
  if (!name) throw new StrataError(`Cannot read the CREATE INDEX statement of "${from}": ${row.sql}`);
  await queryRunner.query(`DROP INDEX ${quoteIdentifier(from)}`);
  await queryRunner.query(`${row.sql.slice(0, name.start)}${quoteIdentifier(to)}${row.sql.slice(name.end)}`);
}
