import type { AlterColumnOperation } from "./column-operations";
import { describeColumnType } from "./column-changes";
import { type Operation, type OperationHandlers, dispatch } from "./operation";
import { keepsEveryValue, removedValues } from "./type-widening";

const listValues = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

function alterColumnLoss(op: AlterColumnOperation): string | undefined {
  const where = `${op.table}.${op.to.name}`;
  if (op.from.asExpression === undefined && op.to.asExpression !== undefined) {
    return `replaces the values of ${where} with ones computed from ${op.to.asExpression}`;
  }
  const typeChanged = op.changes.some((c) => c === "type" || c === "length" || c === "precision" || c === "scale" || c === "isArray");
  if (typeChanged && !keepsEveryValue(op.from, op.to)) {
    return `narrows ${where} from ${describeColumnType(op.from)} to ${describeColumnType(op.to)}; values that do not fit are lost or fail`;
  }
  if (op.from.enumValues === undefined && op.to.enumValues !== undefined) {
    return `restricts ${where} to ${listValues(op.to.enumValues)}; other values fail`;
  }
  const removed = removedValues(op.from.enumValues, op.to.enumValues);
  if (removed.length > 0) return `removes ${listValues(removed)} from the values allowed in ${where}`;
  return undefined;
}

const none = () => undefined;

/** Why an operation can lose data, or undefined when it cannot. */
const LOSS: OperationHandlers<string | undefined> = {
  dropTable: (op) => `drops table ${op.table.name} and every row in it`,
  dropColumn: (op) => `drops column ${op.table}.${op.column.name} and its data`,
  alterColumn: alterColumnLoss,
  alterEnum: (op) => {
    const removed = removedValues(op.from, op.to);
    return removed.length > 0 ? `removes ${listValues(removed)} from enum ${op.name}; rows holding them fail` : undefined;
  },
  createTable: none,
  renameTable: none,
  alterPrimaryKey: none,
  addColumn: none,
  renameColumn: none,
  createIndex: none,
  dropIndex: none,
  renameIndex: none,
  addUnique: none,
  dropUnique: none,
  addForeignKey: none,
  dropForeignKey: none,
  addCheck: none,
  dropCheck: none,
  renameConstraint: none,
  createEnum: none,
  dropEnum: none,
  // A view holds no rows of its own (a materialized one is computed again from its query).
  createView: none,
  dropView: none,
};

export const destructiveReason = (op: Operation): string | undefined => dispatch(LOSS, op);

/** Drops a table or column, narrows a type or length, or removes enum values. */
export const isDestructive = (op: Operation): boolean => destructiveReason(op) !== undefined;
