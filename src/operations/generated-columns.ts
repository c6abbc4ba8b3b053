import type { ColumnModel } from "../schema/model";
import type { Operation } from "./operation";

const isGenerated = (column: ColumnModel) => column.asExpression !== undefined;

/**
 * Whether an operation creates, changes or drops a generated column, which TypeORM
 * records in its `typeorm_metadata` table: a revision making one needs that table first.
 */
export function touchesGeneratedColumn(op: Operation): boolean {
  switch (op.kind) {
    case "createTable":
    case "dropTable":
      return op.table.columns.some(isGenerated);
    case "addColumn":
    case "dropColumn":
      return isGenerated(op.column);
    case "alterColumn":
      return isGenerated(op.from) || isGenerated(op.to);
    default:
      return false;
  }
}
