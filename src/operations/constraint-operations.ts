import type { CheckModel, ForeignKeyModel, IndexModel, UniqueModel } from "../schema/model";

// Adds and drops carry the whole model: a drop must be invertible into the add.

export interface CreateIndexOperation {
  readonly kind: "createIndex";
  readonly table: string;
  readonly index: IndexModel;
}
export interface DropIndexOperation {
  readonly kind: "dropIndex";
  readonly table: string;
  readonly index: IndexModel;
}
export interface AddUniqueOperation {
  readonly kind: "addUnique";
  readonly table: string;
  readonly unique: UniqueModel;
}
export interface DropUniqueOperation {
  readonly kind: "dropUnique";
  readonly table: string;
  readonly unique: UniqueModel;
}
export interface AddForeignKeyOperation {
  readonly kind: "addForeignKey";
  readonly table: string;
  readonly foreignKey: ForeignKeyModel;
}
export interface DropForeignKeyOperation {
  readonly kind: "dropForeignKey";
  readonly table: string;
  readonly foreignKey: ForeignKeyModel;
}
export interface AddCheckOperation {
  readonly kind: "addCheck";
  readonly table: string;
  readonly check: CheckModel;
}
export interface DropCheckOperation {
  readonly kind: "dropCheck";
  readonly table: string;
  readonly check: CheckModel;
}

/**
 * A name TypeORM derives from a table's and its columns' names, following a rename of
 * either (as TypeORM's own renameTable and renameColumn rename them): an index, or a
 * unique, foreign key or check constraint.
 */
export interface RenameIndexOperation {
  readonly kind: "renameIndex";
  readonly table: string;
  readonly from: string;
  readonly to: string;
}
export interface RenameConstraintOperation {
  readonly kind: "renameConstraint";
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

export const createIndex = (table: string, index: IndexModel): CreateIndexOperation =>
  Object.freeze({ kind: "createIndex", table, index });
export const dropIndex = (table: string, index: IndexModel): DropIndexOperation =>
  Object.freeze({ kind: "dropIndex", table, index });
export const addUnique = (table: string, unique: UniqueModel): AddUniqueOperation =>
  Object.freeze({ kind: "addUnique", table, unique });
export const dropUnique = (table: string, unique: UniqueModel): DropUniqueOperation =>
  Object.freeze({ kind: "dropUnique", table, unique });
export const addForeignKey = (table: string, foreignKey: ForeignKeyModel): AddForeignKeyOperation =>
  Object.freeze({ kind: "addForeignKey", table, foreignKey });
export const dropForeignKey = (table: string, foreignKey: ForeignKeyModel): DropForeignKeyOperation =>
  Object.freeze({ kind: "dropForeignKey", table, foreignKey });
export const addCheck = (table: string, check: CheckModel): AddCheckOperation =>
  Object.freeze({ kind: "addCheck", table, check });
export const dropCheck = (table: string, check: CheckModel): DropCheckOperation =>
  Object.freeze({ kind: "dropCheck", table, check });
export const renameIndex = (table: string, from: string, to: string): RenameIndexOperation =>
  Object.freeze({ kind: "renameIndex", table, from, to });
export const renameConstraint = (table: string, from: string, to: string): RenameConstraintOperation =>
  Object.freeze({ kind: "renameConstraint", table, from, to });
