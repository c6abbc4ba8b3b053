import type { DataSource, DataSourceOptions } from "typeorm";
import type { EntityDefinition, StrataConfig } from "../config/types";
import { dialectFor } from "../dialect/dialect-for";
import { supportedDriver } from "../dialect/supported-drivers";
import { typeorm } from "../loading/typeorm-module";

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
 * The shared metadata set: strata's own DataSource, built from the app's options (or
 * the app's DataSource's) with every plugin's entities added. The app's connection is
 * never used, so the app's
 * queries are never part of a revision's transaction (TypeORM's SQLite driver has a
 * single connection), and strata always closes what it opened.
 */
export function sharedDataSource(config: StrataConfig): DataSource {
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
  const options = { ...given, ...MIGRATION_SAFE, entities: withPlugins(given.entities, pluginEntities), logging: false } as DataSourceOptions;
  return new (typeorm().DataSource)(dialectFor({ options }).connectionOptions(options));
}

function withPlugins(entities: DataSourceOptions["entities"], pluginEntities: readonly EntityDefinition[]): EntityDefinition[] {
  return [...new Set([...listEntities(entities), ...pluginEntities])];
}
