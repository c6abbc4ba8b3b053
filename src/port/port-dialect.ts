import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import type { DialectName } from "../dialect/dialect-name";

/** What the port does differently per database; a new dialect fails to compile until it says. */
export interface PortDialect {
  /** How many parameters one statement may bind. */
  maxParameters(queryRunner: QueryRunner): Promise<number>;
  /** The SELECT expression reading a 64-bit integer column exactly (drivers round it to a JavaScript number). */
  exactBigInteger(quotedColumn: string): string;
  /** Moves the column's sequence past the copied rows, so that the next insert gets a fresh id. */
  resetSequence(queryRunner: QueryRunner, table: string, column: string): Promise<void>;
}

export const PORT_DIALECTS: Readonly<Record<DialectName, PortDialect>> = {
  postgres: {
    // The wire protocol counts parameters in 16 bits.
    maxParameters: async () => 65_535,
    // node-postgres already returns int8 as a string.
    exactBigInteger: (quoted) => quoted,
    async resetSequence(queryRunner, table, column) {
      const quoted = quoteIdentifier(column);
      await queryRunner.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quoted}), 1), MAX(${quoted}) IS NOT NULL) FROM ${quoteIdentifier(table)} ` +
          `WHERE pg_get_serial_sequence($1, $2) IS NOT NULL`,
        [quoteIdentifier(table), column],
      );
    },
  },
  sqlite: {
    // SQLITE_MAX_VARIABLE_NUMBER: 999 before SQLite 3.32, 32766 since.
    async maxParameters(queryRunner) {
      const [{ version }] = (await queryRunner.query(`SELECT sqlite_version() AS version`)) as { version: string }[];
      const [major, minor] = version.split(".").map(Number) as [number, number];
      return major > 3 || (major === 3 && minor >= 32) ? 32_766 : 999;
    },
    exactBigInteger: (quoted) => `CASE WHEN typeof(${quoted}) = 'integer' THEN CAST(${quoted} AS TEXT) ELSE ${quoted} END`,
    // An AUTOINCREMENT table's sqlite_sequence follows explicit ids by itself; a rowid table has no sequence.
    resetSequence: async () => {},
  },
};
