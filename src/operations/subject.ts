import { type OperationHandlers, type Operation, dispatch } from "./operation";

/** What an operation changes: a table, an enum type or a view. Used to group and to name things in messages. */
export interface Subject {
  readonly type: "table" | "enum" | "view";
  readonly name: string;
}

const table = (name: string): Subject => ({ type: "table", name });
const enumType = (name: string): Subject => ({ type: "enum", name });
const view = (name: string): Subject => ({ type: "view", name });

const SUBJECT: OperationHandlers<Subject> = {
  createTable: (op) => table(op.table.name),
  dropTable: (op) => table(op.table.name),
  // After a rename the table is known by its new name; later operations use it.
  renameTable: (op) => table(op.to),
  alterPrimaryKey: (op) => table(op.table),
  addColumn: (op) => table(op.table),
  dropColumn: (op) => table(op.table),
  alterColumn: (op) => table(op.table),
  renameColumn: (op) => table(op.table),
  createIndex: (op) => table(op.table),
  dropIndex: (op) => table(op.table),
  renameIndex: (op) => table(op.table),
  addUnique: (op) => table(op.table),
  dropUnique: (op) => table(op.table),
  addForeignKey: (op) => table(op.table),
  dropForeignKey: (op) => table(op.table),
  addCheck: (op) => table(op.table),
  dropCheck: (op) => table(op.table),
  renameConstraint: (op) => table(op.table),
  createEnum: (op) => enumType(op.enum.name),
  dropEnum: (op) => enumType(op.enum.name),
  alterEnum: (op) => enumType(op.name),
  createView: (op) => view(op.view.name),
  dropView: (op) => view(op.view.name),
};

export const subjectOf = (op: Operation): Subject => dispatch(SUBJECT, op);
