import { destructiveReason, type Operation, type OperationHandlers, dispatch } from "../operations";

const on = (table: string, what: string) => `${what} on ${table}`;
const column = (table: string, name: string) => `${table}.${name}`;

/** What the operation changes, named once: `users.email`, `index IDX_x on users`, `table users`. */
const WHAT: OperationHandlers<string> = {
  createTable: (op) => `create table ${op.table.name}`,
  dropTable: (op) => `drop table ${op.table.name}`,
  renameTable: (op) => `rename table ${op.from} -> ${op.to}`,
  alterPrimaryKey: (op) => `alter primary key of ${op.table} (${op.from.join(", ")}) -> (${op.to.join(", ")})`,
  addColumn: (op) => `add column ${column(op.table, op.column.name)}`,
  dropColumn: (op) => `drop column ${column(op.table, op.column.name)}`,
  alterColumn: (op) => `alter column ${column(op.table, op.to.name)} (${op.changes.join(", ")})`,
  renameColumn: (op) => `rename column ${column(op.table, op.from)} -> ${op.to}`,
  createIndex: (op) => on(op.table, `create index ${op.index.name}`),
  dropIndex: (op) => on(op.table, `drop index ${op.index.name}`),
  renameIndex: (op) => on(op.table, `rename index ${op.from} -> ${op.to}`),
  addUnique: (op) => on(op.table, `add unique ${op.unique.name}`),
  dropUnique: (op) => on(op.table, `drop unique ${op.unique.name}`),
  addForeignKey: (op) => on(op.table, `add foreign key ${op.foreignKey.name} -> ${op.foreignKey.referencedTable}`),
  dropForeignKey: (op) => on(op.table, `drop foreign key ${op.foreignKey.name} -> ${op.foreignKey.referencedTable}`),
  addCheck: (op) => on(op.table, `add check ${op.check.name}`),
  dropCheck: (op) => on(op.table, `drop check ${op.check.name}`),
  renameConstraint: (op) => on(op.table, `rename constraint ${op.from} -> ${op.to}`),
  createEnum: (op) => `create enum ${op.enum.name}`,
  dropEnum: (op) => `drop enum ${op.enum.name}`,
  alterEnum: (op) => `alter enum ${op.name}`,
  createView: (op) => `create ${op.view.materialized ? "materialized " : ""}view ${op.view.name}`,
  dropView: (op) => `drop ${op.view.materialized ? "materialized " : ""}view ${op.view.name}`,
};

/** One line for the terminal: `add column users.email`, with the loss named when destructive. */
export function describeOperation(op: Operation): string {
  const loss = destructiveReason(op);
  return `${dispatch(WHAT, op)}${loss ? ` (DESTRUCTIVE: ${loss})` : ""}`;
}
