import type { DataSource, QueryRunner } from "typeorm";
import { describeDatabase, redact, rememberSecrets } from "../config/redact";
import type { StrataConfig } from "../config/types";
import type { Dialect, RunLease, RunLockOptions } from "../dialect/dialect";
import { dialectFor } from "../dialect/dialect-for";
import { ConfigError, StrataError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import { sharedDataSource } from "../metadata/shared-data-source";
import { type TableOwnership, tableOwnership } from "../metadata/table-ownership";
import type { EventSink } from "./events";
import { loadGraph } from "./load-graph";
import { validateAncestry } from "./validate-ancestry";
import { validateApplied } from "./validate-applied";
import { type AppliedRow, VersionTable } from "./version-table";

/** A connected, validated view of one database and the code's revision graph. */
export interface Session {
  readonly config: StrataConfig;
  readonly graph: RevisionGraph;
  readonly dataSource: DataSource;
  /**
   * The entities' metadata, built once (at connect, or with `entities: "before-revisions"`
   * on the first call: before a revision runs, since its code may use the app's
   * repositories), and which branch owns each of their tables.
   */
  entities(): Promise<TableOwnership>;
  readonly queryRunner: QueryRunner;
  readonly dialect: Dialect;
  /** How this session waits for writers: the run lock and every write transaction. */
  readonly lock: RunLockOptions;
  readonly versionTable: VersionTable;
  /** Rows read (and validated) when the session opened, after the lock was taken. */
  readonly rows: readonly AppliedRow[];
  readonly onEvent: EventSink;
  /**
   * With `runLock: "lease"`: run in each revision's transaction before its version row;
   * throws when the run no longer holds the lease (postgres-lease-lock.ts).
   */
  readonly fence?: (queryRunner: QueryRunner) => Promise<void>;
}

export interface SessionOptions {
  /** Take the run lock (commands that write). */
  readonly write?: boolean;
  /** Skip validation of failed marks (only `resolve` needs this). */
  readonly allowFailed?: boolean;
  /** Skip the ancestry check of the applied set (only `stamp`, which repairs it, needs this). */
  readonly allowGaps?: boolean;
  readonly onEvent?: EventSink;
  /**
   * The revision graph to use instead of loading the config's (autogenerate's proof
   * replays staged files); a promise of one while its files still compile: the session
   * connects and locks meanwhile.
   */
  readonly graph?: RevisionGraph | Promise<RevisionGraph>;
  /**
   * When TypeORM builds the entities' metadata: "at-connect" (the default), as
   * initialize() does, or "before-revisions", for commands that never compare against
   * it: only before the first revision runs (Session.entities). A deploy's `upgrade` or
   * `migrate()` with nothing to apply then skips the build, the largest part of
   * connecting to an app with many entities.
   */
  readonly entities?: "at-connect" | "before-revisions";
  /**
   * The session's DataSource, made by `prepareDataSource` for this config before the
   * database existed (a scratch database, while the server creates it): its entities'
   * metadata is built, or being built, already.
   */
  readonly prepared?: Promise<PreparedDataSource>;
}

/** A session's DataSource before it connects, and the function that builds its entities' metadata and owners (Session.entities). */
export interface PreparedDataSource {
  readonly dataSource: DataSource;
  readonly entities: () => Promise<TableOwnership>;
}

/** A session's DataSource, not connected yet; with `entitiesAtConnect`, initialize() builds the entities' metadata. */
function newDataSource(config: StrataConfig, entitiesAtConnect: boolean): PreparedDataSource {
  const dataSource = sharedDataSource(config);
  return { dataSource, entities: entityBuild(dataSource, config, entitiesAtConnect) };
}

/**
 * The DataSource a session on `config` connects with, its entities' metadata building
 * from now on: TypeORM's build needs no connection, so it can run while the server
 * creates the database (for an app with many entities, the largest part of connecting).
 */
export function prepareDataSource(config: StrataConfig): PreparedDataSource {
  rememberSecrets(config.dataSource);
  const prepared = newDataSource(config, true);
  // initialize() waits for this build instead of starting one; a failure is reported there.
  (prepared.dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas().catch(() => {});
  return prepared;
}

async function connect(config: StrataConfig, entitiesAtConnect: boolean, prepared?: Promise<PreparedDataSource>): Promise<PreparedDataSource> {
  rememberSecrets(config.dataSource);
  try {
    const made = prepared ? await prepared : newDataSource(config, entitiesAtConnect);
    await made.dataSource.initialize();
    return made;
  } catch (error) {
    if (error instanceof StrataError) throw error; // the configuration refused before connecting
    const reason = redact(error instanceof Error ? error.message : String(error));
    // TypeORM decodes the URL's password with decodeURIComponent: a bare % cannot be read.
    const hint =
      error instanceof URIError
        ? "The connection URL cannot be decoded: percent-encode the user name and password (encodeURIComponent), e.g. % as %25."
        : "Check that the database is running and that DATABASE_URL (or the dataSource in the config) is right.";
    throw new StrataError(`Cannot connect to ${describeDatabase(config.dataSource)}: ${reason}\n${hint}`, { cause: error });
  }
}

/** The checks of SPEC §6 on the version table's rows, as every session opens (and `wait` on each poll). */
export function validateRows(
  rows: readonly AppliedRow[],
  graph: RevisionGraph,
  config: StrataConfig,
  options: Pick<SessionOptions, "allowFailed" | "allowGaps"> = {},
): void {
  validateApplied(
    options.allowFailed ? rows.filter((r) => r.state !== "failed") : rows,
    graph,
    config,
  );
  if (!options.allowGaps) validateAncestry(rows, graph);
}

/**
 * Takes the entities' metadata build out of TypeORM's initialize() when `atConnect` is
 * false, and returns the function that builds it (once) and derives the tables' owners
 * from it (Session.entities). TypeORM builds and validates the
 * metadata after the driver connected: a column type its driver rejects would otherwise
 * read as a failed connection. The entities are the user's configuration, so it is
 * exit 2 with their words. A build after initialize() runs the driver's afterConnect
 * again, which acts on the metadata: PostgreSQL's extensions for the entities' columns,
 * SQLite's attached databases.
 */
function entityBuild(dataSource: DataSource, config: StrataConfig, atConnect: boolean): () => Promise<TableOwnership> {
  const builder = dataSource as unknown as { buildMetadatas(): Promise<void> };
  const build = builder.buildMetadatas.bind(dataSource);
  let built: Promise<void> | undefined;
  const buildAsConfig = async () => {
    try {
      await build();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `The entities cannot be used with ${describeDatabase(config.dataSource)}: ${reason}\n` +
          "Change the column's type in the entity (or its dialect in the config), then run the command again.",
        { cause: error },
      );
    }
  };
  builder.buildMetadatas = async () => {
    if (atConnect) await (built ??= buildAsConfig());
  };
  let ownership: Promise<TableOwnership> | undefined;
  return () => {
    built ??= buildAsConfig().then(() => dataSource.driver.afterConnect());
    return (ownership ??= built.then(() => tableOwnership(dataSource, config)));
  };
}

/** Opens a session, runs `work`, and always releases the lock and the connection. */
export async function withSession<T>(
  config: StrataConfig,
  options: SessionOptions,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const given = options.graph ?? (await loadGraph(config));
  // Awaited below; until then a failure to make it must not count as unhandled.
  if (given instanceof Promise) given.catch(() => {});
  const entitiesAtConnect = options.entities !== "before-revisions";
  const { dataSource, entities } = await connect(config, entitiesAtConnect, options.prepared);
  let queryRunner: QueryRunner | undefined;
  let locked = false;
  let lease: RunLease | undefined;
  const dialect = dialectFor(dataSource);
  const lock: RunLockOptions = {
    versionTable: config.versionTable,
    timeoutMs: config.lockTimeoutMs,
    onWait: (holder: string) => options.onEvent?.({ type: "lock-wait", holder }),
  };
  try {
    // A table with two owners, or a plugin's outside its prefix, refused before anything else.
    if (entitiesAtConnect) await entities();
    queryRunner = dataSource.createQueryRunner();
    await queryRunner.connect();
    if (options.write && config.runLock === "lease") {
      if (!dialect.leaseLock) {
        throw new ConfigError(`runLock: "lease" is for PostgreSQL-compatible engines; on ${dialect.title} remove it (strata locks SQLite with a lock database).`);
      }
      lease = dialect.leaseLock(dataSource, { ...lock, leaseMs: config.leaseMs });
      await lease.acquire();
    } else if (options.write) {
      await dialect.acquireRunLock(queryRunner, lock);
      locked = true;
    }
    const versionTable = new VersionTable(config.versionTable, dialect);
    const rows = await versionTable.read(queryRunner);
    const graph = await given;
    const seen = graph.forDatabase(new Set(rows.map((r) => r.revision)));
    validateRows(rows, seen, config, options);
    return await work({
      config,
      graph: seen,
      dataSource,
      entities,
      queryRunner,
      dialect,
      lock,
      versionTable,
      rows,
      onEvent: options.onEvent ?? (() => {}),
      ...(lease ? { fence: (runner: QueryRunner) => lease!.fence(runner) } : {}),
    });
  } finally {
    await lease?.release().catch(() => {});
    if (queryRunner) {
      if (locked) await dialect.releaseRunLock(queryRunner, lock).catch(() => {});
      await queryRunner.release().catch(() => {});
    }
    await dataSource.destroy().catch(() => {});
  }
}
