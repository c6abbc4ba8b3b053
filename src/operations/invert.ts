import { addColumn, alterColumn, dropColumn, renameColumn } from "./column-operations";
import {
  addCheck,
  addForeignKey,
  addUnique,
  createIndex,
  dropCheck,
  dropForeignKey,
  dropIndex,
  dropUnique,
  renameConstraint,
  renameIndex,
} from "./constraint-operations";
import { alterEnum, createEnum, dropEnum } from "./enum-operations";
import { type Operation, type OperationHandlers, dispatch } from "./operation";
import { alterPrimaryKey, createTable, dropTable, renameTable } from "./table-operations";
import { createView, dropView } from "./view-operations";

const INVERSE: OperationHandlers<Operation> = {
  createTable: (op) => dropTable(op.table),
  dropTable: (op) => createTable(op.table),
  renameTable: (op) => renameTable(op.to, op.from),
  alterPrimaryKey: (op) => alterPrimaryKey(op.table, op.to, op.from),
  addColumn: (op) => dropColumn(op.table, op.column),
  dropColumn: (op) => addColumn(op.table, op.column),
  alterColumn: (op) => alterColumn(op.table, op.to, op.from),
  renameColumn: (op) => renameColumn(op.table, op.to, op.from),
  createIndex: (op) => dropIndex(op.table, op.index),
  dropIndex: (op) => createIndex(op.table, op.index),
  renameIndex: (op) => renameIndex(op.table, op.to, op.from),
  addUnique: (op) => dropUnique(op.table, op.unique),
  dropUnique: (op) => addUnique(op.table, op.unique),
  addForeignKey: (op) => dropForeignKey(op.table, op.foreignKey),
  dropForeignKey: (op) => addForeignKey(op.table, op.foreignKey),
  addCheck: (op) => dropCheck(op.table, op.check),
  dropCheck: (op) => addCheck(op.table, op.check),
  renameConstraint: (op) => renameConstraint(op.table, op.to, op.from),
  createEnum: (op) => dropEnum(op.enum),
  dropEnum: (op) => createEnum(op.enum),
  alterEnum: (op) => alterEnum(op.name, op.to, op.from),
  createView: (op) => dropView(op.view),
  dropView: (op) => createView(op.view),
};

/** The operation that undoes `op`; invert(invert(op)) equals op. */
export const invert = (op: Operation): Operation => dispatch(INVERSE, op);

/** The downgrade of an upgrade: every operation inverted, in reverse order (Alembic's reverse_into). */
export const invertAll = (ops: readonly Operation[]): Operation[] => ops.map(invert).reverse();
