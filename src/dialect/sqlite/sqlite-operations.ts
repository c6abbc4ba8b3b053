import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { columnSpec } from "../../operations/apply/column-spec";
import type { DialectOperations } from "../../operations/apply/dialect-operations";
import type { TableChange } from "../../operations/apply/table-change";
import { dispatch, type OperationHandlers } from "../../operations/operation";
import { alterSqliteTable } from "./alter-sqlite-table";
import { addsInPlace } from "./column-definition";
import { sqliteColumns } from "./sqlite-columns";

/** Only a comment changes, which SQLite cannot store. */
const commentOnly = (changes: readonly string[]) => changes.every((change) => change === "comment");

const REBUILDS: OperationHandlers<boolean> = {
  createTable: () => false,
  dropTable: () => false,
  renameTable: () => false,
  renameColumn: () => false,
  createIndex: () => false,
  dropIndex: () => false,
  createEnum: () => false,
  dropEnum: () => false,
  alterEnum: () => false,
  // Judged on the spec the revision file carries, as alterSqliteTable judges it.
  addColumn: (op) => !addsInPlace(columnSpec(op.column)),
  alterColumn: (op) => !commentOnly(op.changes),
  dropColumn: () => true,
  alterPrimaryKey: () => true,
  addForeignKey: () => true,
  dropForeignKey: () => true,
  addUnique: () => true,
  dropUnique: () => true,
  addCheck: () => true,
  dropCheck: () => true,
};

/** One change alone: the batch of one, so that single calls and batches share one way of doing each. */
const alone = (queryRunner: QueryRunner, table: string, change: TableChange) =>
  alterSqliteTable(queryRunner, table, [change]);

export const sqliteOperations: DialectOperations = {
  ...sqliteColumns,
  rebuildsTable: (op) => dispatch(REBUILDS, op),

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
  // No enum types on SQLite: a column's allowed values are its CHECK, changed by alterColumn.
  createEnum: async () => {},
  dropEnum: async () => {},
  alterEnum: async () => {},
  alterTable: alterSqliteTable,
};
