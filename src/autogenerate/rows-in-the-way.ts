import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import type { Operation } from "../operations";
import { countValues } from "../runtime/data-loss";

/**
 * The groups of rows of `table` that share values in `columns` (none of them NULL, and
 * within `where` for a partial index): each makes a unique index or constraint fail.
 * 0 when the live table lacks a column (it is added in the same revision).
 */
async function duplicateGroups(queryRunner: QueryRunner, table: string, columns: readonly string[], where?: string): Promise<number> {
  const names = columns.map(quoteIdentifier);
  const filter = [...names.map((name) => `${name} IS NOT NULL`), ...(where ? [`(${where})`] : [])].join(" AND ");
  try {
    const [row] = await queryRunner.query(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM ${quoteIdentifier(table)} WHERE ${filter} GROUP BY ${names.join(", ")} HAVING COUNT(*) > 1) duplicates`,
    );
    return Number(row.n);
  } catch {
    return 0;
  }
}

function uniqueLine(table: string, columns: readonly string[], groups: number): string {
  return (
    `${groups} group(s) of rows of ${table} share a value in (${columns.join(", ")}), which becomes unique: ` +
    "remove or change the duplicates first (in the revision, before the change, or by hand)."
  );
}

/**
 * What the rows already in the live database make a new revision fail on, one line each:
 * a NOT NULL column without a default added to a table that has rows, a column made
 * NOT NULL while rows hold NULL in it, or a unique index or constraint over values rows
 * share. The revision is right for the entities; the rows need a value first (as Django
 * asks for a one-off default).
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
    } else if (op.kind === "createIndex" && op.index.unique) {
      const groups = await duplicateGroups(queryRunner, op.table, op.index.columns, op.index.where);
      if (groups > 0) found.push(uniqueLine(op.table, op.index.columns, groups));
    } else if (op.kind === "addUnique") {
      const groups = await duplicateGroups(queryRunner, op.table, op.unique.columns);
      if (groups > 0) found.push(uniqueLine(op.table, op.unique.columns, groups));
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
