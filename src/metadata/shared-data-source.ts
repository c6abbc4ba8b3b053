import { DataSource, type DataSourceOptions } from "typeorm";
import type { EntityDefinition, StrataConfig } from "../config/types";
import { supportedDriver } from "../dialect/supported-drivers";
import { ConfigError } from "../errors";

/** A DataSource whose metadata is the app's and every plugin's: the shared metadata set. */
export interface SharedDataSource {
  readonly dataSource: DataSource;
  /** True when strata created the DataSource (and so destroys it when done). */
  readonly owned: boolean;
}

function listEntities(entities: DataSourceOptions["entities"]): EntityDefinition[] {
  if (!entities) return [];
  return (Array.isArray(entities) ? entities : Object.values(entities)) as EntityDefinition[];
}

function isDataSource(value: unknown): value is DataSource {
  return typeof value === "object" && value !== null && "initialize" in value && "options" in value;
}

/** Options strata needs whatever the app set: it migrates, TypeORM must not. */
const MIGRATION_SAFE: Partial<DataSourceOptions> = { synchronize: false, migrationsRun: false, migrations: [], dropSchema: false };

export function sharedDataSource(config: StrataConfig): SharedDataSource {
  const pluginEntities = config.plugins.flatMap((p) => p.entities);
  const given = config.dataSource;
  // Before TypeORM is asked for a driver: its own error names drivers strata does not run on.
  supportedDriver(isDataSource(given) ? given.options : given);
  if (isDataSource(given)) {
    if (given.isInitialized) {
      const missing = pluginEntities.filter((e) => typeof e !== "string" && !given.hasMetadata(e as Function));
      if (missing.length > 0) {
        throw new ConfigError(
          `The DataSource was initialized before strata could add the plugins' entities: pass it uninitialized, or list every plugin entity in its entities.`,
        );
      }
      return { dataSource: given, owned: false };
    }
    const entities = [...new Set([...listEntities(given.options.entities), ...pluginEntities])];
    given.setOptions({ ...MIGRATION_SAFE, entities } as Partial<DataSourceOptions>);
    return { dataSource: given, owned: false };
  }
  const entities = [...new Set([...listEntities(given.entities), ...pluginEntities])];
  const options = { ...given, ...MIGRATION_SAFE, entities, logging: false } as DataSourceOptions;
  return { dataSource: new DataSource(options), owned: true };
}
