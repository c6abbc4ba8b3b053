import type { QueryRunner, TableColumnOptions } from "typeorm";
import { columnOptions } from "./column-options";
import type { ColumnSpec } from "./column-spec";
import { operationsFor } from "./operations-for";

/**
 * The TypeORM column options for a spec on the running database: what a revision file
 * passes to `new Table({ columns })`, with the type and default in that database's words.
 */
export const tableColumn = (queryRunner: QueryRunner, spec: ColumnSpec): TableColumnOptions =>
  columnOptions(operationsFor(queryRunner), queryRunner, spec);
