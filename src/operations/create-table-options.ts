import type { TableCheckOptions, TableForeignKeyOptions, TableIndexOptions, TableUniqueOptions } from "typeorm";
import type { ForeignKeyModel, TableModel } from "../schema/model";
import { type ColumnSpec, columnSpec } from "./column-spec";
import { indexOptions } from "./table-change-of";

/** A new table as TypeORM's `new Table(options)` takes it, its columns as specs (tableColumns resolves them per database); only the lists it has. */
export interface CreateTableOptions {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly indices?: TableIndexOptions[];
  readonly uniques?: TableUniqueOptions[];
  readonly checks?: TableCheckOptions[];
  readonly foreignKeys?: TableForeignKeyOptions[];
}

/** A foreign key model as TypeORM's `new TableForeignKey(options)` takes it. */
export const foreignKeyOptions = (fk: ForeignKeyModel): TableForeignKeyOptions => ({
  name: fk.name,
  columnNames: [...fk.columns],
  referencedTableName: fk.referencedTable,
  referencedColumnNames: [...fk.referencedColumns],
  onDelete: fk.onDelete,
  onUpdate: fk.onUpdate,
  // Only when set: a key that is not deferrable reads as it always has.
  ...(fk.deferrable ? { deferrable: fk.deferrable } : {}),
});

/** What a rendered revision's createTable passes, and what a schema built without rendering one passes too. */
export function createTableOptions(table: TableModel): CreateTableOptions {
  const lists = {
    indices: table.indexes.map(indexOptions),
    uniques: table.uniques.map((u) => ({ name: u.name, columnNames: [...u.columns] })),
    checks: table.checks.map((c) => ({ name: c.name, expression: c.expression })),
    foreignKeys: table.foreignKeys.map(foreignKeyOptions),
  };
  return {
    name: table.name,
    columns: table.columns.map((c) => columnSpec(c, table.primaryKey.includes(c.name))),
    ...Object.fromEntries(Object.entries(lists).filter(([, items]) => items.length > 0)),
  };
}
