import type { StrataConfig } from "../config/types";
import { leaseTableOf } from "../dialect/postgres/postgres-lease-lock";

/** Whether `table` is strata's own bookkeeping (the version table, the lease table): never an app table. */
export function isStrataTable(config: StrataConfig, table: string): boolean {
  return table === config.versionTable || (config.runLock === "lease" && table === leaseTableOf(config.versionTable));
}
