export * from "./entry-points";
export { tableColumn } from "./table-column";
export { type ColumnSpec, columnSpec } from "./column-spec";
export { requiresForeignKeysOff, rebuiltTables } from "./requires-foreign-keys-off";
export type { DialectOperations } from "./dialect-operations";
export type { TableAlterations } from "./table-alterations";
export type { TableChange, TableChangeKind } from "./table-change";
