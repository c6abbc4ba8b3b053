import type { DataSource, EntityMetadata } from "typeorm";
import type { EntityDefinition, StrataConfig } from "../config/types";
import { ConfigError } from "../errors";

/** Which branch owns each table (and view) of the shared metadata set (name → branch label). */
export type TableOwnership = ReadonlyMap<string, string>;

function matches(metadata: EntityMetadata, entity: EntityDefinition): boolean {
  if (metadata.target === entity) return true;
  const options = (entity as { options?: { target?: unknown; name?: string } }).options;
  return options !== undefined && (metadata.target === options.target || metadata.target === options.name);
}

function describe(metadata: EntityMetadata): string {
  return metadata.targetName || metadata.name;
}

/**
 * strata manages the tables of the connection's own schema (PostgreSQL's `schema` option,
 * else its search path): an entity in another schema would be created in the wrong one
 * and compared against nothing. Refused, naming the entity and the way out.
 */
function refuseOtherSchemas(dataSource: DataSource): void {
  const own = (dataSource.driver.options as { schema?: string }).schema;
  for (const metadata of dataSource.entityMetadatas) {
    // The driver's own path for the table (SQLite's ignores a schema), or the default one named outright.
    if (metadata.tablePath === dataSource.driver.buildTableName(metadata.tableName, own) || metadata.schema === (own ?? "public")) continue;
    throw new ConfigError(
      `Entity ${describe(metadata)} keeps its table in schema "${metadata.schema}" (${metadata.tablePath}), outside the connection's ` +
        `${own ? `schema "${own}"` : "default schema"}; strata manages one schema per database entry.\n` +
        `Use the "databases" form of the config with one entry per schema (its dataSource with schema: "${metadata.schema}" ` +
        `and that schema's entities), or move the entity to the connection's schema.`,
    );
  }
}

/**
 * Derives the owner of every table and refuses a table with two owners or a plugin table
 * outside its prefix, naming both sides. Junction tables belong to the owner of the
 * entity that declares the relation; closure tables to their entity's owner.
 */
export function tableOwnership(dataSource: DataSource, config: StrataConfig): TableOwnership {
  const ownerOf = new Map<EntityMetadata, string>();
  for (const metadata of dataSource.entityMetadatas) {
    const plugin = config.plugins.find((p) => p.entities.some((e) => matches(metadata, e)));
    ownerOf.set(metadata, plugin ? plugin.name : config.appBranch);
  }
  for (const metadata of dataSource.entityMetadatas) {
    for (const relation of metadata.relations) {
      if (relation.junctionEntityMetadata) ownerOf.set(relation.junctionEntityMetadata, ownerOf.get(metadata)!);
    }
    if (metadata.closureJunctionTable) ownerOf.set(metadata.closureJunctionTable, ownerOf.get(metadata)!);
  }

  refuseOtherSchemas(dataSource);
  const owners = new Map<string, { branch: string; entity: string }>();
  for (const [metadata, branch] of ownerOf) {
    // A view entity's view is owned as a table is: its branch makes it, under its prefix.
    const table = metadata.tableName;
    const previous = owners.get(table);
    if (previous && previous.branch !== branch) {
      throw new ConfigError(
        `Table "${table}" has two owners: ${previous.branch} (${previous.entity}) and ${branch} (${describe(metadata)}). ` +
          `Rename one of the tables; a plugin never shares or alters a table of another branch.`,
      );
    }
    owners.set(table, { branch, entity: describe(metadata) });
    const plugin = config.plugins.find((p) => p.name === branch);
    if (plugin?.tablePrefix && !table.startsWith(plugin.tablePrefix)) {
      throw new ConfigError(
        `Table "${table}" (${describe(metadata)}) of plugin "${plugin.name}" is outside its tablePrefix "${plugin.tablePrefix}": ` +
          `name it "${plugin.tablePrefix}…" or change the prefix.`,
      );
    }
  }
  return new Map([...owners].map(([table, { branch }]) => [table, branch]));
}
