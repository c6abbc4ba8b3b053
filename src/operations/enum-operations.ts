import type { EnumModel } from "../schema/model";

// PostgreSQL enum types. On SQLite they do not exist (the allowed values are a CHECK on
// the column, changed through alterColumn), and applying these does nothing there.

export interface CreateEnumOperation {
  readonly kind: "createEnum";
  readonly enum: EnumModel;
}
export interface DropEnumOperation {
  readonly kind: "dropEnum";
  /** The type as it was, so that the inverse can create it again. */
  readonly enum: EnumModel;
}
export interface AlterEnumOperation {
  readonly kind: "alterEnum";
  readonly name: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export const createEnum = (model: EnumModel): CreateEnumOperation => Object.freeze({ kind: "createEnum", enum: model });
export const dropEnum = (model: EnumModel): DropEnumOperation => Object.freeze({ kind: "dropEnum", enum: model });
export const alterEnum = (name: string, from: readonly string[], to: readonly string[]): AlterEnumOperation =>
  Object.freeze({ kind: "alterEnum", name, from, to });
