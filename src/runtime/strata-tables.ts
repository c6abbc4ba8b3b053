import type { StrataConfig } from "../config/types";
import { assertSafeTableName } from "../config/identifier";

/** The lease table of a version table (`runLock: "lease"`): `<versionTable>_lease`, one row per version table. */
export const leaseTableOf = (versionTable: string) => assertSafeTableName(`${versionTable}_lease`, `the lease table of version table ${versionTable}`);

/** Whether `table` is strata's own bookkeeping (the version table, the lease table): never an app table. */
export function isStrataTable(config: StrataConfig, table: string): boolean {
  return table === config.versionTable || (config.runLock === "lease" && table === leaseTableOf(config.versionTable));
}
