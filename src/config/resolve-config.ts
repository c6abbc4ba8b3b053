import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../errors";
import { assertSafeTableName } from "./identifier";
import type { BranchDirectory, StrataConfig, StrataConfigInput, TransactionMode } from "./types";

const LABEL = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TRANSACTION_MODES: readonly TransactionMode[] = ["each", "all", "none"];

function assertLabel(value: unknown, source: string): string {
  if (typeof value !== "string" || !LABEL.test(value)) {
    throw new ConfigError(`${source} is ${JSON.stringify(value)}: a branch label must match ${LABEL.source}.`);
  }
  return value;
}

/**
 * Applies defaults, makes paths absolute and checks every name that came from
 * configuration, before anything connects. `origin` names the file for messages;
 * `baseDir` is what a relative `rootDir` (or a missing one) means.
 */
export function resolveConfig(input: StrataConfigInput, baseDir: string, origin = "the configuration"): StrataConfig {
  if (!input || typeof input !== "object" || !input.dataSource) {
    throw new ConfigError(`${origin} has no dataSource: export defineConfig({ dataSource, ... }).`);
  }
  const rootDir = input.rootDir === undefined ? baseDir : absolute(baseDir, input.rootDir);
  const appBranch = assertLabel(input.appBranch ?? "app", `appBranch in ${origin}`);
  const transactionMode = input.transactionMode ?? "each";
  if (!TRANSACTION_MODES.includes(transactionMode)) {
    throw new ConfigError(`transactionMode in ${origin} is ${JSON.stringify(transactionMode)}: use "each", "all" or "none".`);
  }
  const versionTable = assertSafeTableName(input.versionTable ?? "strata_version", `versionTable in ${origin}`);
  const appDir = absolute(rootDir, input.migrationsDir ?? "migrations");
  const plugins = input.plugins ?? [];
  const branchDirectories: BranchDirectory[] = [{ branch: appBranch, dir: appDir }];
  const seen = new Set([appBranch]);
  for (const plugin of plugins) {
    const name = assertLabel(plugin?.name, `a plugin name in ${origin}`);
    if (seen.has(name)) {
      throw new ConfigError(`The branch label "${name}" is used twice in ${origin} (plugin names and appBranch must differ).`);
    }
    seen.add(name);
    if (plugin.tablePrefix !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(plugin.tablePrefix)) {
      throw new ConfigError(`tablePrefix of plugin "${name}" is ${JSON.stringify(plugin.tablePrefix)}: use letters, digits and _.`);
    }
    for (const table of plugin.configuredTableNames ?? []) assertSafeTableName(table.name, table.source);
    const dir = plugin.migrationsDir ? absolute(rootDir, plugin.migrationsDir) : join(appDir, name);
    branchDirectories.push({ branch: name, dir, plugin });
  }
  const lockTimeoutMs = input.lockTimeoutMs ?? 10 * 60_000;
  if (typeof lockTimeoutMs !== "number" || !Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) {
    const shown = typeof lockTimeoutMs === "number" ? String(lockTimeoutMs) : JSON.stringify(lockTimeoutMs);
    throw new ConfigError(`lockTimeoutMs in ${origin} is ${shown}: give a number of milliseconds, 0 or more (default 600000).`);
  }
  const runLock = input.runLock ?? "advisory";
  if (runLock !== "advisory" && runLock !== "lease") {
    throw new ConfigError(`runLock in ${origin} is ${JSON.stringify(runLock)}: use "advisory" (the default) or "lease".`);
  }
  const leaseMs = input.leaseMs ?? 30_000;
  if (typeof leaseMs !== "number" || !Number.isFinite(leaseMs) || leaseMs < 500) {
    throw new ConfigError(`leaseMs in ${origin} is ${JSON.stringify(leaseMs)}: give a number of milliseconds, 500 or more (default 30000).`);
  }
  return {
    dataSource: input.dataSource,
    runLock,
    leaseMs,
    appBranch,
    plugins,
    branchDirectories,
    versionTable,
    transactionMode,
    ignoreTables: input.ignoreTables ?? [],
    allowMissing: input.allowMissing ?? [],
    allowAlternateChecksums: input.allowAlternateChecksums ?? {},
    lockTimeoutMs,
    rootDir,
    ...(input.scratchUrl === undefined ? {} : { scratchUrl: input.scratchUrl }),
  };
}

function absolute(rootDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(rootDir, path);
}

/**
 * The config as the programmatic API (migrate, check) receives it: already resolved, or
 * input whose directories resolve against `rootDir`, the input's own `rootDir` (which
 * defineConfig records), and never the process's working directory.
 */
export function resolveForApi(config: StrataConfigInput | StrataConfig, rootDir?: string): StrataConfig {
  if ("branchDirectories" in config) return config;
  const base = rootDir ?? config.rootDir;
  if (base === undefined) {
    throw new ConfigError(
      "The config has no rootDir, so its migrations directory cannot be found: build it with defineConfig() (which records its file's folder) or pass { rootDir }.",
    );
  }
  return resolveConfig(config, resolve(base));
}
