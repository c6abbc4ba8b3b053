import type { DataSource, DataSourceOptions, EntitySchema } from "typeorm";

export type EntityDefinition = Function | EntitySchema<any> | string;

/** A plugin or storage adapter bringing tables of its own (SPEC §5). */
export interface PluginDefinition {
  /** Also its branch label. */
  readonly name: string;
  readonly entities: readonly EntityDefinition[];
  /** Every table of the plugin must start with it. */
  readonly tablePrefix?: string;
  /** Revisions shipped with the plugin; default `<app migrationsDir>/<name>`. */
  readonly migrationsDir?: string;
  /** Table names that came from configuration or the environment, with where each came from. */
  readonly configuredTableNames?: readonly { readonly name: string; readonly source: string }[];
}

export type TransactionMode = "each" | "all" | "none";
export type RunLockKind = "advisory" | "lease";

/** What a user writes in ormconfig.ts (SPEC §2). */
export interface StrataConfigInput {
  readonly dataSource: DataSource | DataSourceOptions;
  readonly migrationsDir?: string;
  readonly appBranch?: string;
  readonly plugins?: readonly PluginDefinition[];
  readonly versionTable?: string;
  readonly transactionMode?: TransactionMode;
  readonly ignoreTables?: readonly string[];
  readonly allowMissing?: readonly string[];
  readonly allowAlternateChecksums?: Readonly<Record<string, readonly string[]>>;
  /** How long a runner waits for another runner's lock before giving up (ms). */
  readonly lockTimeoutMs?: number;
  /**
   * "advisory" (default): PostgreSQL's advisory lock, SQLite's lock database. "lease": a
   * lease row in `<versionTable>_lease`, for PostgreSQL-compatible engines whose advisory
   * locks are stubs (CockroachDB); PostgreSQL only.
   */
  readonly runLock?: RunLockKind;
  /** With `runLock: "lease"`: how long a lease lasts unrenewed (ms, default 30 000); renewed every third of it. */
  readonly leaseMs?: number;
  /** What relative directories resolve against; defineConfig sets it to its file's folder. */
  readonly rootDir?: string;
  /**
   * PostgreSQL: where autogenerate may create its scratch database (or schema) when the
   * app's role may not create one in the app's own database.
   */
  readonly scratchUrl?: string;
}

/** One logical database of the `databases` form: everything of section 2 but rootDir, which is shared. */
export type StrataDatabaseInput = Omit<StrataConfigInput, "rootDir">;

/**
 * Several logical databases (SPEC §12), as Synapse splits `main` and `state`: each with
 * its own dataSource, migrationsDir, plugins and version table; commands act on all of
 * them in the order given, or on one with `--database NAME`.
 */
export interface StrataFleetInput {
  readonly databases: Readonly<Record<string, StrataDatabaseInput>>;
  readonly rootDir?: string;
}

/** A branch and the directory holding its revisions. */
export interface BranchDirectory {
  readonly branch: string;
  readonly dir: string;
  /** The plugin that owns the branch; absent for the app branch. */
  readonly plugin?: PluginDefinition;
}

/** The configuration with defaults applied, paths absolute, and names checked. */
export interface StrataConfig {
  readonly dataSource: DataSource | DataSourceOptions;
  readonly appBranch: string;
  readonly plugins: readonly PluginDefinition[];
  readonly branchDirectories: readonly BranchDirectory[];
  readonly versionTable: string;
  readonly transactionMode: TransactionMode;
  readonly ignoreTables: readonly string[];
  readonly allowMissing: readonly string[];
  readonly allowAlternateChecksums: Readonly<Record<string, readonly string[]>>;
  readonly lockTimeoutMs: number;
  readonly runLock: RunLockKind;
  readonly leaseMs: number;
  /** Directory relative paths were resolved against (the config file's). */
  readonly rootDir: string;
  readonly scratchUrl?: string;
  /** Its name in the `databases` form; absent in the single-database form. */
  readonly database?: string;
}

/** Every database a config file describes, in the order given. */
export interface ConfigSet {
  readonly databases: readonly StrataConfig[];
  /** True for the `databases` form: output is then reported per database. */
  readonly named: boolean;
}
