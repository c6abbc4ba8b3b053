import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError, StrataError } from "../errors";
import { SUPPORTED } from "../dialect/supported-drivers";
import { defaultExport, loadModule } from "../loading/load-module";
import { isModuleFile, MODULE_EXTENSIONS } from "../loading/module-file";
import { assertTablesClaimedOnce } from "../metadata/table-claims";
import { resolveConfigSet, selectDatabases, singleDatabase } from "./resolve-config-set";
import type { ConfigSet, StrataConfig, StrataConfigInput, StrataFleetInput } from "./types";

const DEFAULT_NAMES = ["ormconfig.ts", "ormconfig.mts", "ormconfig.js", "ormconfig.mjs"];

/**
 * Finds, loads and resolves the config file: `--config PATH`, else ormconfig.* in cwd.
 * A `databases` config must name one (`database`) unless it has only one.
 */
export async function loadConfig(path?: string, cwd = process.cwd(), database?: string): Promise<StrataConfig> {
  return singleDatabase(await loadConfigSet(path, cwd, database), "loadConfig()");
}

/** Every database of the config file (one in the single-database form), or the one `database` names. */
export async function loadConfigSet(path?: string, cwd = process.cwd(), database?: string): Promise<ConfigSet> {
  const file = path ? resolve(cwd, path) : DEFAULT_NAMES.map((n) => resolve(cwd, n)).find(existsSync);
  if (!file) {
    throw new ConfigError(`No ormconfig.ts in ${cwd}: create one (see README) or pass --config PATH.`);
  }
  if (!existsSync(file)) throw new ConfigError(`Config file ${file} does not exist: check --config.`);
  if (!isModuleFile(file)) {
    throw new ConfigError(`Config file ${file} must end in one of ${MODULE_EXTENSIONS.join(", ")}.`);
  }
  let input: unknown;
  try {
    input = defaultExport(await loadModule(file));
  } catch (error) {
    if (error instanceof StrataError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    // The app's own `new DataSource({ type })` throws this for a driver its typeorm lacks.
    const hint = error instanceof Error && error.name === "MissingDriverError" ? ` (${SUPPORTED})` : "";
    throw new ConfigError(`Config file ${file} failed to load: ${reason}${hint}`, { cause: error });
  }
  const set = resolveConfigSet(input as StrataConfigInput | StrataFleetInput, dirname(file), file);
  await assertTablesClaimedOnce(set);
  return selectDatabases(set, database);
}
