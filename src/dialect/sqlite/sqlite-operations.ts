import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import type { DialectOperations } from "../dialect-operations";
import type { TableChange } from "../../operations/table-change";
import { alterSqliteTable } from "./alter-sqlite-table";
import { sqliteColumns } from "./sqlite-columns";

/** One change alone: the batch of one, so that single calls and batches share one way of doing each. */
const alone = (queryRunner: QueryRunner, table: string, change: TableChange) =>
  alterSqliteTable(queryRunner, table, [change]);

export const sqliteOperations: DialectOperations = {
  ...sqliteColumns,

  addColumn: (queryRunner, table, column) => alone(queryRunner, table, { kind: "addColumn", column }),
  dropColumn: (queryRunner, table, column) => alone(queryRunner, table, { kind: "dropColumn", column }),
  alterColumn: (queryRunner, table, from, to) => alone(queryRunner, table, { kind: "alterColumn", from, to }),
  renameColumn: (queryRunner, table, from, to) => alone(queryRunner, table, { kind: "renameColumn", from, to }),
  async renameTable(queryRunner, from, to) {
    // TypeORM's renameTable rebuilds the table afterwards to rename constraints; the
    // native rename keeps their names and rewrites references to the table (3.26+).
    await queryRunner.query(`ALTER TABLE ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
  },
  alterPrimaryKey: (queryRunner, table, columns) => alone(queryRunner, table, { kind: "alterPrimaryKey", columns }),
  addForeignKey: (queryRunner, table, foreignKey) => alone(queryRunner, table, { kind: "addForeignKey", foreignKey }),
  dropForeignKey: (queryRunner, table, foreignKey) => alone(queryRunner, table, { kind: "dropForeignKey", foreignKey }),
  addUnique: (queryRunner, table, unique) => alone(queryRunner, table, { kind: "addUnique", unique }),
  dropUnique: (queryRunner, table, unique) => alone(queryRunner, table, { kind: "dropUnique", unique }),
  addCheck: (queryRunner, table, check) => alone(queryRunner, table, { kind: "addCheck", check }),
  dropCheck: (queryRunner, table, check) => alone(queryRunner, table, { kind: "dropCheck", check }),
  renameIndex: (queryRunner, table, from, to) => alone(queryRunner, table, { kind: "renameIndex", from, to }),
  renameConstraint: (queryRunner, table, from, to) => alone(queryRunner, table, { kind: "renameConstraint", from, to }),
  // No enum types on SQLite: a column's allowed values are its CHECK, changed by alterColumn.
  createEnum: async () => {},
  dropEnum: async () => {},
  alterEnum: async () => {},
  alterTable: alterSqliteTable,
};
