import type { TableIndexOptions } from "typeorm";
import type { IndexModel } from "../schema/model";
import { columnSpec } from "./column-spec";
import { dispatch, type Operation, type OperationHandlers } from "./operation";
import type { TableChange } from "./table-change";

/** A change to one existing table, and that table. */
export interface ChangeToTable {
  readonly table: string;
  readonly change: TableChange;
}

/** An index model as TypeORM's `new TableIndex(options)` takes it. */
export const indexOptions = (index: IndexModel): TableIndexOptions => ({
  name: index.name,
  columnNames: [...index.columns],
  isUnique: index.unique,
  where: index.where,
});

const at = (table: string, change: TableChange): ChangeToTable => ({ table, change });

/** Not a change to one existing table: creating, dropping or renaming it, an enum type or a view. */
const none = () => undefined;

const CHANGE_OF: OperationHandlers<ChangeToTable | undefined> = {
  createTable: none,
  dropTable: none,
  renameTable: none,
  alterPrimaryKey: (op) => at(op.table, { kind: "alterPrimaryKey", columns: op.to }),
  addColumn: (op) => at(op.table, { kind: "addColumn", column: columnSpec(op.column) }),
  dropColumn: (op) => at(op.table, { kind: "dropColumn", column: op.column.name }),
  alterColumn: (op) => at(op.table, { kind: "alterColumn", from: columnSpec(op.from), to: columnSpec(op.to) }),
  renameColumn: (op) => at(op.table, { kind: "renameColumn", from: op.from, to: op.to }),
  createIndex: (op) => at(op.table, { kind: "createIndex", index: indexOptions(op.index) }),
  dropIndex: (op) => at(op.table, { kind: "dropIndex", name: op.index.name }),
  renameIndex: (op) => at(op.table, { kind: "renameIndex", from: op.from, to: op.to }),
  addUnique: (op) => at(op.table, { kind: "addUnique", unique: op.unique }),
  dropUnique: (op) => at(op.table, { kind: "dropUnique", unique: op.unique }),
  addForeignKey: (op) => at(op.table, { kind: "addForeignKey", foreignKey: op.foreignKey }),
  dropForeignKey: (op) => at(op.table, { kind: "dropForeignKey", foreignKey: op.foreignKey }),
  addCheck: (op) => at(op.table, { kind: "addCheck", check: op.check }),
  dropCheck: (op) => at(op.table, { kind: "dropCheck", check: op.check }),
  renameConstraint: (op) => at(op.table, { kind: "renameConstraint", from: op.from, to: op.to }),
  createEnum: none,
  dropEnum: none,
  alterEnum: none,
  createView: none,
  dropView: none,
};

/**
 * The operation as one change of an alterTable batch (what a revision file's `t.<kind>(…)`
 * records), or undefined when it is not a change to one existing table.
 */
export const tableChangeOf = (op: Operation): ChangeToTable | undefined => dispatch(CHANGE_OF, op);
