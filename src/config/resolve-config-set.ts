import { resolve } from "node:path";
import { ConfigError } from "../errors";
import { describeDatabase } from "./redact";
import { resolveConfig, resolveForApi } from "./resolve-config";
import type { ConfigSet, StrataConfig, StrataConfigInput, StrataFleetInput } from "./types";

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const isFleetInput = (input: unknown): input is StrataFleetInput =>
  typeof input === "object" && input !== null && "databases" in input && !("dataSource" in input);

/**
 * Both forms of the config as a list of databases: the single-database form is one
 * entry, unnamed. Two entries on one physical database must keep their version tables
 * (and so their run locks) apart; a table claimed by two entries' entities is checked
 * once the metadata is built (table-claims.ts).
 */
export function resolveConfigSet(input: StrataConfigInput | StrataFleetInput, baseDir: string, origin = "the configuration"): ConfigSet {
  if (!isFleetInput(input)) return { databases: [resolveConfig(input, baseDir, origin)], named: false };
  const entries = Object.entries(input.databases ?? {});
  if (entries.length === 0) throw new ConfigError(`databases in ${origin} is empty: name at least one, e.g. databases: { main: { dataSource } }.`);
  const rootDir = input.rootDir === undefined ? baseDir : resolve(baseDir, input.rootDir);
  const databases = entries.map(([name, entry]): StrataConfig => {
    if (!NAME.test(name)) throw new ConfigError(`The database name ${JSON.stringify(name)} in ${origin} must match ${NAME.source}.`);
    return { ...resolveConfig({ ...entry, rootDir }, rootDir, `databases.${name} in ${origin}`), database: name };
  });
  const versionTables = new Map<string, string>();
  for (const config of databases) {
    const key = `${describeDatabase(config.dataSource)} ${config.versionTable}`;
    const other = versionTables.get(key);
    if (other !== undefined) {
      throw new ConfigError(
        `databases.${other} and databases.${config.database} in ${origin} share the database ${describeDatabase(config.dataSource)} and the version table ${config.versionTable}: ` +
          `give one of them its own versionTable.`,
      );
    }
    versionTables.set(key, config.database!);
  }
  return { databases, named: true };
}

/** As resolveForApi, for either form: an already resolved config is a set of one. */
export function resolveSetForApi(input: StrataConfigInput | StrataFleetInput | StrataConfig, rootDir?: string): ConfigSet {
  if (!isFleetInput(input)) return { databases: [resolveForApi(input, rootDir)], named: false };
  const base = rootDir ?? input.rootDir;
  if (base === undefined) {
    throw new ConfigError("The config has no rootDir, so its migrations directories cannot be found: build it with defineConfig() (which records its file's folder) or pass { rootDir }.");
  }
  return resolveConfigSet(input, resolve(base));
}

/** The databases a command acts on: all, in the order given, or the one `--database` names. */
export function selectDatabases(set: ConfigSet, name: string | undefined): ConfigSet {
  if (name === undefined) return set;
  const names = set.databases.map((d) => d.database);
  const chosen = set.databases.find((d) => d.database === name);
  if (!chosen) {
    throw new ConfigError(
      set.named
        ? `No database ${JSON.stringify(name)} in the config: it has ${names.join(", ")}.`
        : `--database ${name}: the config has a single database (no databases: { … } form).`,
    );
  }
  return { databases: [chosen], named: set.named };
}

/** The one database of a set, for the commands and API calls that act on one. */
export function singleDatabase(set: ConfigSet, what: string): StrataConfig {
  if (set.databases.length === 1) return set.databases[0]!;
  throw new ConfigError(`${what} acts on one database, and the config has ${set.databases.map((d) => d.database).join(", ")}: name one with --database NAME.`);
}

/**
 * The order a move runs through the databases: as given upward, reversed downward (a
 * later database's schema may rely on an earlier one's).
 */
export function inRunOrder(set: ConfigSet, direction: "up" | "down"): readonly StrataConfig[] {
  return direction === "up" ? set.databases : [...set.databases].reverse();
}
