import type { QueryRunner } from "typeorm";
import { recordGeneration } from "../../dialect/typeorm-metadata-table";
import type { TableChange } from "../table-change";

/**
 * Brings TypeORM's typeorm_metadata rows in line with what `changes` did to `table`'s
 * generated columns, whichever dialect made them (SQLite's rebuild writes none of its own).
 */
export async function recordGenerations(queryRunner: QueryRunner, table: string, changes: readonly TableChange[]): Promise<void> {
  for (const change of changes) {
    if (change.kind === "addColumn" && change.column.asExpression !== undefined) {
      await recordGeneration(queryRunner, table, change.column.name, change.column.asExpression);
    } else if (change.kind === "dropColumn") {
      await recordGeneration(queryRunner, table, change.column, undefined);
    } else if (
      change.kind === "alterColumn" &&
      (change.from.asExpression !== change.to.asExpression || change.from.generatedType !== change.to.generatedType)
    ) {
      await recordGeneration(queryRunner, table, change.to.name, change.to.asExpression);
    }
  }
}
