import type { QueryRunner, TableColumnOptions } from "typeorm";
import { columnOptions } from "../../dialect/column-options";
import { dialectFor } from "../../dialect/dialect-for";
import type { ColumnSpec } from "../column-spec";

/**
 * The TypeORM column options for a spec on the running database: what a revision file
 * passes to `new Table({ columns })`, with the type and default in that database's words.
 */
export const tableColumn = (queryRunner: QueryRunner, spec: ColumnSpec): TableColumnOptions => tableColumns(queryRunner, [spec])[0]!;

/** `tableColumn` for each spec: what a revision file written by autogenerate passes as a new table's columns. */
export function tableColumns(queryRunner: QueryRunner, specs: readonly ColumnSpec[]): TableColumnOptions[] {
  // The dialect once per table, not per column: a large first revision makes thousands.
  const { operations } = dialectFor(queryRunner);
  return specs.map((spec) => columnOptions(operations, queryRunner, spec));
}
