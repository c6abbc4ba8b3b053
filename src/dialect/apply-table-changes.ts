import type { QueryRunner } from "typeorm";
import type { DialectOperations } from "./dialect-operations";
import { forgetLoadedTables } from "./forget-loaded-tables";
import { type TableChangeHandlers, type TableChange, dispatchChange } from "../operations/table-change";
import { createTableIndex, dropTableIndex } from "./table-index";

interface Target {
  readonly dialect: DialectOperations;
  readonly queryRunner: QueryRunner;
  readonly table: string;
}

/** Each change through the call a revision makes for it outside a batch. */
const APPLY: TableChangeHandlers<Promise<void>, Target> = {
  addColumn: (c, { dialect, queryRunner, table }) => dialect.addColumn(queryRunner, table, c.column),
  dropColumn: (c, { dialect, queryRunner, table }) => dialect.dropColumn(queryRunner, table, c.column),
  alterColumn: (c, { dialect, queryRunner, table }) => dialect.alterColumn(queryRunner, table, c.from, c.to),
  renameColumn: (c, { dialect, queryRunner, table }) => dialect.renameColumn(queryRunner, table, c.from, c.to),
  alterPrimaryKey: (c, { dialect, queryRunner, table }) => dialect.alterPrimaryKey(queryRunner, table, c.columns),
  createIndex: (c, { queryRunner, table }) => createTableIndex(queryRunner, table, c.index),
  dropIndex: (c, { queryRunner, table }) => dropTableIndex(queryRunner, table, c.name),
  renameIndex: (c, { dialect, queryRunner, table }) => dialect.renameIndex(queryRunner, table, c.from, c.to),
  addUnique: (c, { dialect, queryRunner, table }) => dialect.addUnique(queryRunner, table, c.unique),
  dropUnique: (c, { dialect, queryRunner, table }) => dialect.dropUnique(queryRunner, table, c.unique),
  addForeignKey: (c, { dialect, queryRunner, table }) => dialect.addForeignKey(queryRunner, table, c.foreignKey),
  dropForeignKey: (c, { dialect, queryRunner, table }) => dialect.dropForeignKey(queryRunner, table, c.foreignKey),
  addCheck: (c, { dialect, queryRunner, table }) => dialect.addCheck(queryRunner, table, c.check),
  dropCheck: (c, { dialect, queryRunner, table }) => dialect.dropCheck(queryRunner, table, c.check),
  renameConstraint: (c, { dialect, queryRunner, table }) => dialect.renameConstraint(queryRunner, table, c.from, c.to),
};

/**
 * Makes the changes one after another, exactly as the single calls would: the batch of
 * a database that alters tables in place (PostgreSQL).
 */
export async function applyTableChanges(
  dialect: DialectOperations,
  queryRunner: QueryRunner,
  table: string,
  changes: readonly TableChange[],
): Promise<void> {
  for (const change of changes) {
    await dispatchChange(APPLY, change, { dialect, queryRunner, table });
    // As after a single call (entry-points' run): TypeORM's cache may be stale now.
    forgetLoadedTables(queryRunner);
  }
}
