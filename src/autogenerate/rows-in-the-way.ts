import type { QueryRunner } from "typeorm";
import type { Operation } from "../operations";
import { countValues } from "../runtime/data-loss";

/**
 * What the rows already in the live database make a new revision fail on, one line each:
 * a NOT NULL column without a default added to a table that has rows, or a column made
 * NOT NULL while rows hold NULL in it. The revision is right for the entities; the rows
 * need a value first (as Django asks for a one-off default).
 */
export async function rowsInTheWay(queryRunner: QueryRunner, operations: readonly Operation[]): Promise<string[]> {
  const found: string[] = [];
  for (const op of operations) {
    if (op.kind === "addColumn" && !op.column.nullable && op.column.default === undefined && op.column.generated === undefined) {
      const rows = await countValues(queryRunner, op.table);
      if (rows > 0) {
        found.push(
          `${op.table} has ${rows} row(s), and ${op.table}.${op.column.name} is added NOT NULL without a default: ` +
            "give it a default, or add it nullable, fill it, and make it NOT NULL in a later revision.",
        );
      }
    } else if (op.kind === "alterColumn" && op.changes.includes("nullable") && !op.to.nullable) {
      const nulls = (await countValues(queryRunner, op.table)) - (await countValues(queryRunner, op.table, op.from.name));
      if (nulls > 0) {
        found.push(
          `${nulls} row(s) of ${op.table} hold NULL in ${op.from.name}, which becomes NOT NULL: ` +
            "give them a value first (an UPDATE in the revision, before the change: a default fills only new rows).",
        );
      }
    }
  }
  return found;
}
