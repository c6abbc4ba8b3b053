import type { DataSource, EntityMetadata } from "typeorm";

// typeorm's package exports do not reach ColumnMetadata's own module.
type ColumnMetadata = EntityMetadata["columns"][number];

/** Turns a value read from the source into the value to bind on the target. */
export type Converter = (raw: unknown) => unknown;

/** A column of one side's metadata: TypeORM records each dialect's own type for it (`datetime` here, `timestamp` there). */
function columnOf(dataSource: DataSource, table: string, column: string): ColumnMetadata | undefined {
  for (const metadata of dataSource.entityMetadatas) {
    if (metadata.tableName !== table) continue;
    const found = metadata.columns.find((c) => c.databaseName === column);
    if (found) return found;
  }
  return undefined;
}

/** The column without its transformer: the port moves stored values, it never runs the app's value transforms. */
const untransformed = (column: ColumnMetadata): ColumnMetadata => Object.assign(Object.create(column) as ColumnMetadata, { transformer: undefined });

/**
 * Each value goes the way the app's own reads and writes take it: hydrated by the source
 * driver as TypeORM would load it (SQLite's 0/1 to a boolean, its UTC datetime text to a
 * Date, JSON text parsed, simple-array split), then prepared by the target driver as
 * TypeORM would save it. A column the metadata does not describe passes through as read.
 */
export function columnConverter(source: DataSource, target: DataSource, table: string, column: string): Converter {
  const from = columnOf(source, table, column);
  const to = columnOf(target, table, column);
  if (!from || !to) return (raw) => raw;
  const read = untransformed(from);
  const write = untransformed(to);
  return (raw) => (raw === null || raw === undefined ? null : target.driver.preparePersistentValue(source.driver.prepareHydratedValue(raw, read), write));
}

/** Whether the column holds 64-bit integers, which a JavaScript number would round: the port reads them as text. */
export function isBigInteger(dataSource: DataSource, table: string, column: string): boolean {
  const type = columnOf(dataSource, table, column)?.type;
  return type === "bigint" || type === "int8";
}
