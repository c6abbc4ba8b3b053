import type { TableModel } from "../schema/model";

export interface CreateTableOperation {
  readonly kind: "createTable";
  /** The table as created, including the foreign keys created with it (see diff/order). */
  readonly table: TableModel;
}

export interface DropTableOperation {
  readonly kind: "dropTable";
  /** The table as it was, so that the inverse can create it again. */
  readonly table: TableModel;
}

export interface RenameTableOperation {
  readonly kind: "renameTable";
  readonly from: string;
  readonly to: string;
}

export interface AlterPrimaryKeyOperation {
  readonly kind: "alterPrimaryKey";
  readonly table: string;
  /** Key columns before and after, in key order (empty: no primary key). */
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export const createTable = (table: TableModel): CreateTableOperation => Object.freeze({ kind: "createTable", table });

export const dropTable = (table: TableModel): DropTableOperation => Object.freeze({ kind: "dropTable", table });

export const renameTable = (from: string, to: string): RenameTableOperation =>
  Object.freeze({ kind: "renameTable", from, to });

export const alterPrimaryKey = (table: string, from: readonly string[], to: readonly string[]): AlterPrimaryKeyOperation =>
  Object.freeze({ kind: "alterPrimaryKey", table, from, to });
