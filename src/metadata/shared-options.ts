import type { DataSource, DataSourceOptions } from "typeorm";
import type { EntityDefinition, StrataConfig } from "../config/types";
import { supportedDriver } from "../dialect/supported-drivers";

function listEntities(entities: DataSourceOptions["entities"]): EntityDefinition[] {
  if (!entities) return [];
  return (Array.isArray(entities) ? entities : Object.values(entities)) as EntityDefinition[];
}

function isDataSource(value: unknown): value is DataSource {
  return typeof value === "object" && value !== null && "initialize" in value && "options" in value;
}

/** Options strata needs whatever the app set: it migrates, TypeORM must not. */
const MIGRATION_SAFE: Partial<DataSourceOptions> = { synchronize: false, migrationsRun: false, migrations: [], dropSchema: false };

/**
 * The options of the shared metadata set: the app's (or its DataSource's), with every
 * plugin's entities added. Enough to build the metadata; a connection also needs the
 * dialect's connection options (sharedDataSource).
 */
export function sharedOptions(config: StrataConfig): DataSourceOptions {
  const pluginEntities = config.plugins.flatMap((p) => p.entities);
  let given = config.dataSource;
  // Before TypeORM is asked for a driver: its own error names drivers strata does not run on.
  supportedDriver(isDataSource(given) ? given.options : given);
  if (isDataSource(given)) {
    // The plugins' entities join the app's own DataSource too (metadata only, before it
    // connects), so the app's repositories see the plugins' tables.
    if (!given.isInitialized) given.setOptions({ entities: withPlugins(given.options.entities, pluginEntities) } as Partial<DataSourceOptions>);
    given = given.options;
  }
  return { ...given, ...MIGRATION_SAFE, entities: withPlugins(given.entities, pluginEntities), logging: false } as DataSourceOptions;
}

function withPlugins(entities: DataSourceOptions["entities"], pluginEntities: readonly EntityDefinition[]): EntityDefinition[] {
  return [...new Set([...listEntities(entities), ...pluginEntities])];
}
