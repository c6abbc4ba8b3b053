/**
 * The dialect-neutral schema model. Built from the shared metadata set
 * (schema/from-metadata) and from the live database (dialect/<name>/introspect), then
 * compared by diff/. Plain readonly data: no methods, no dialect names in keys.
 * Types are normalised by the dialect before they get here, so that two descriptions of
 * the same column compare equal field by field.
 */

export type ReferentialAction = "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";

export interface ColumnModel {
  readonly name: string;
  /** Normalised type name, lower case, without length: "varchar", "integer", "timestamptz". */
  readonly type: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly nullable: boolean;
  /** Normalised default expression as SQL text (`'x'`, `0`, `CURRENT_TIMESTAMP`), absent when none. */
  readonly default?: string;
  /** Auto-increment / identity / serial, or a generated uuid primary key. */
  readonly generated?: "increment" | "identity" | "uuid";
  readonly comment?: string;
  /** Name of the enum type (PostgreSQL) for enum columns. */
  readonly enumName?: string;
  /** Allowed values for enum / simple-enum columns (simple-enum is a CHECK on SQLite). */
  readonly enumValues?: readonly string[];
  readonly isArray?: boolean;
}

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** WHERE clause of a partial index, normalised. */
  readonly where?: string;
}

export interface UniqueModel {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface CheckModel {
  readonly name: string;
  readonly expression: string;
}

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  /** Column names of the primary key, in key order (empty when none). */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexModel[];
  readonly uniques: readonly UniqueModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checks: readonly CheckModel[];
}

export interface EnumModel {
  readonly name: string;
  readonly values: readonly string[];
}

export interface SchemaModel {
  readonly tables: readonly TableModel[];
  /** PostgreSQL enum types; always empty on SQLite. */
  readonly enums: readonly EnumModel[];
}
