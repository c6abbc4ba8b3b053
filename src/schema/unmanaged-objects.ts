import type { DataSource } from "typeorm";

/**
 * What the entities declare with `synchronize: false`: tables and indexes the user
 * manages by hand. TypeORM's synchronize leaves them alone and schemaFromMetadata leaves
 * them out, so the caller must keep introspection from reporting them too (pass these
 * to `exclude` and `excludeIndex`), or a diff would propose dropping them.
 */
export interface UnmanagedObjects {
  readonly tables: ReadonlySet<string>;
  readonly indexes: ReadonlySet<string>;
}

export function unmanagedObjects(dataSource: DataSource): UnmanagedObjects {
  const tables = new Set<string>();
  const indexes = new Set<string>();
  for (const metadata of dataSource.entityMetadatas) {
    if (metadata.tableType === "view" || metadata.tableType === "entity-child") continue;
    if (metadata.synchronize === false) tables.add(metadata.tableName);
    for (const index of metadata.indices) if (index.synchronize === false && index.name) indexes.add(index.name);
  }
  return { tables, indexes };
}
