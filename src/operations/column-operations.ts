import type { ColumnModel } from "../schema/model";
import { type ColumnChange, columnChanges } from "./column-changes";

export interface AddColumnOperation {
  readonly kind: "addColumn";
  readonly table: string;
  readonly column: ColumnModel;
}

export interface DropColumnOperation {
  readonly kind: "dropColumn";
  readonly table: string;
  /** The column as it was, so that the inverse can add it again. */
  readonly column: ColumnModel;
}

/** Like Atlas's ModifyColumn: both ends, plus what differs between them. */
export interface AlterColumnOperation {
  readonly kind: "alterColumn";
  readonly table: string;
  readonly from: ColumnModel;
  readonly to: ColumnModel;
  /** Never empty; computed from `from` and `to` by the factory, so it cannot disagree with them. */
  readonly changes: readonly ColumnChange[];
}

export interface RenameColumnOperation {
  readonly kind: "renameColumn";
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

export const addColumn = (table: string, column: ColumnModel): AddColumnOperation =>
  Object.freeze({ kind: "addColumn", table, column });

export const dropColumn = (table: string, column: ColumnModel): DropColumnOperation =>
  Object.freeze({ kind: "dropColumn", table, column });

export function alterColumn(table: string, from: ColumnModel, to: ColumnModel): AlterColumnOperation {
  if (from.name !== to.name) {
    throw new Error(`alterColumn ${table}: "${from.name}" and "${to.name}" are different columns; rename first`);
  }
  const changes = Object.freeze(columnChanges(from, to));
  if (changes.length === 0) throw new Error(`alterColumn ${table}.${to.name}: nothing changes`);
  return Object.freeze({ kind: "alterColumn", table, from, to, changes });
}

export const renameColumn = (table: string, from: string, to: string): RenameColumnOperation =>
  Object.freeze({ kind: "renameColumn", table, from, to });
