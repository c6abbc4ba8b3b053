import type { DataSource } from "typeorm";
import type { ConfigSet } from "../config/types";
import { ConfigError } from "../errors";
import { typeorm } from "../loading/typeorm-module";
import { sharedOptions } from "./shared-options";

/** TypeORM builds the metadata in initialize(); this part of it needs no connection. */
async function buildMetadata(dataSource: DataSource): Promise<void> {
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
}

/**
 * In the `databases` form every entity and plugin belongs to one database: a table that
 * two databases' entities claim is a configuration error naming both, found before
 * anything connects.
 */
export async function assertTablesClaimedOnce(set: ConfigSet): Promise<void> {
  if (set.databases.length < 2) return;
  const claims = new Map<string, { database: string; entity: string }>();
  for (const config of set.databases) {
    // The metadata alone, no connection: loading the config needs no dialect.
    const dataSource = new (typeorm().DataSource)(sharedOptions(config));
    await buildMetadata(dataSource);
    for (const metadata of dataSource.entityMetadatas) {
      if (metadata.tableType === "view") continue;
      const entity = metadata.targetName || metadata.name;
      const other = claims.get(metadata.tableName);
      if (other && other.database !== config.database) {
        throw new ConfigError(
          `Table "${metadata.tableName}" is claimed by two databases: ${other.database} (${other.entity}) and ${config.database} (${entity}). ` +
            `Every entity and plugin belongs to one database: remove it from one of them.`,
        );
      }
      claims.set(metadata.tableName, { database: config.database!, entity });
    }
  }
}
