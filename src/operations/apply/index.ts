export * from "./entry-points";
export { tableColumn, tableColumns } from "./table-column";
export { type ColumnSpec, columnSpec } from "../column-spec";
export type { TableAlterations } from "./table-alterations";
export type { TableChange, TableChangeKind } from "../table-change";
export { ensureTypeormMetadataTable } from "../../dialect/typeorm-metadata-table";
