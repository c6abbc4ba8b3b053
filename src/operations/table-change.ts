import type { TableIndexOptions } from "typeorm";
import type { CheckModel, ForeignKeyModel, UniqueModel } from "../schema/model";
import type { ColumnSpec } from "./column-spec";

/*
 * One change of an alterTable batch, as plain data: the arguments of the matching
 * single entry point (or of TypeORM's createIndex / dropIndex) without the query runner
 * and the table, which the batch names once.
 */

export interface AddColumnChange {
  readonly kind: "addColumn";
  readonly column: ColumnSpec;
}
export interface DropColumnChange {
  readonly kind: "dropColumn";
  readonly column: string;
}
export interface AlterColumnChange {
  readonly kind: "alterColumn";
  readonly from: ColumnSpec;
  readonly to: ColumnSpec;
}
export interface RenameColumnChange {
  readonly kind: "renameColumn";
  readonly from: string;
  readonly to: string;
}
export interface AlterPrimaryKeyChange {
  readonly kind: "alterPrimaryKey";
  readonly columns: readonly string[];
}
export interface CreateIndexChange {
  readonly kind: "createIndex";
  readonly index: TableIndexOptions;
}
export interface DropIndexChange {
  readonly kind: "dropIndex";
  readonly name: string;
}
export interface RenameIndexChange {
  readonly kind: "renameIndex";
  readonly from: string;
  readonly to: string;
}
/** A unique, foreign key or check constraint, by name. */
export interface RenameConstraintChange {
  readonly kind: "renameConstraint";
  readonly from: string;
  readonly to: string;
}
export interface AddUniqueChange {
  readonly kind: "addUnique";
  readonly unique: UniqueModel;
}
export interface DropUniqueChange {
  readonly kind: "dropUnique";
  readonly unique: UniqueModel;
}
export interface AddForeignKeyChange {
  readonly kind: "addForeignKey";
  readonly foreignKey: ForeignKeyModel;
}
export interface DropForeignKeyChange {
  readonly kind: "dropForeignKey";
  readonly foreignKey: ForeignKeyModel;
}
export interface AddCheckChange {
  readonly kind: "addCheck";
  readonly check: CheckModel;
}
export interface DropCheckChange {
  readonly kind: "dropCheck";
  readonly check: CheckModel;
}

export type TableChange =
  | AddColumnChange
  | DropColumnChange
  | AlterColumnChange
  | RenameColumnChange
  | AlterPrimaryKeyChange
  | CreateIndexChange
  | DropIndexChange
  | RenameIndexChange
  | AddUniqueChange
  | DropUniqueChange
  | AddForeignKeyChange
  | DropForeignKeyChange
  | AddCheckChange
  | DropCheckChange
  | RenameConstraintChange;

export type TableChangeKind = TableChange["kind"];

export type TableChangeOf<K extends TableChangeKind> = Extract<TableChange, { kind: K }>;

/** A handler per kind, given `context`: adding a kind fails to compile until every table of handlers has it. */
export type TableChangeHandlers<R, C> = { readonly [K in TableChangeKind]: (change: TableChangeOf<K>, context: C) => R };

/** Calls the handler for the change's kind. */
export function dispatchChange<R, C>(handlers: TableChangeHandlers<R, C>, change: TableChange, context: C): R {
  return (handlers[change.kind] as (change: TableChange, context: C) => R)(change, context);
}
