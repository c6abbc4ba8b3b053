import type { DataSource, DataSourceOptions, QueryRunner } from "typeorm";
import type { Operation } from "../operations/operation";
import type { Introspection, IntrospectOptions } from "../schema/introspect-options";
import type { SchemaModel } from "../schema/model";
import type { DialectName } from "./dialect-name";
import type { DialectOperations } from "./dialect-operations";
import type { DialectFsm } from "./dialect-fsm";
import type { DialectPort } from "./dialect-port";
import type { ScratchDatabase } from "./scratch-database";

/**
 * Everything that differs between the databases strata runs on, behind one object per
 * dialect (dialect/<name>/<name>-dialect.ts), looked up once by dialectFor.
 */
export interface Dialect {
  readonly name: DialectName;
  /** The database's name as a sentence says it ("SQLite"). */
  readonly title: string;

  /** The live database's schema (current schema only on PostgreSQL), normalised like the metadata's. */
  introspect(queryRunner: QueryRunner, options?: IntrospectOptions): Promise<SchemaModel>;
  /**
   * Starts `introspect` for a caller with work of its own to do meanwhile (check builds
   * the entities' metadata while the server reads its catalog); resolves once the reading
   * is under way.
   */
  introspectAhead(queryRunner: QueryRunner): Promise<Introspection>;
  /** Every spelling difference of this database, for both sides of a diff. Idempotent. */
  normalize(schema: SchemaModel): SchemaModel;

  /** How the operations a revision file calls are carried out here. */
  readonly operations: DialectOperations;
  /** Whether running `op` here rebuilds its table, which needs foreign keys off (SQLite). */
  rebuildsTable(op: Operation): boolean;

  /**
   * `runLock: "lease"`: the run lock as a lease row with a fencing token, for engines
   * whose advisory locks are stubs; absent where the dialect has no such engines.
   */
  readonly leaseLock?: (dataSource: DataSource, options: LeaseLockOptions) => RunLease;
  /** Takes the lock that serialises runners for a whole run; `onWait` hears who holds it. */
  acquireRunLock(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  releaseRunLock(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  /** Opens a write transaction (SQLite: BEGIN IMMEDIATE under the busy timeout). */
  begin(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  /**
   * Runs the dialect's pre-commit checks, then commits. `ownRows`: rows strata wrote to
   * its own tables since the last step's check, which need no checking.
   */
  commit(queryRunner: QueryRunner, ownRows?: number): Promise<void>;
  rollback(queryRunner: QueryRunner): Promise<void>;
  /**
   * Inside an open transaction: marks where a revision starts, so that it alone can be
   * undone; `releaseLast`: releases the savepoint of the revision before it first (a
   * kept revision's savepoint is released then, or ended by the commit). `first`:
   * statements that finish the revision before it (its version row), in the same script.
   */
  savepoint(queryRunner: QueryRunner, releaseLast: boolean, first?: readonly string[]): Promise<void>;
  /** Undoes the revision since the savepoint, and releases it. */
  rollbackToSavepoint(queryRunner: QueryRunner): Promise<void>;
  /**
   * Right after a revision ran, inside its transaction: the tables there are now (its
   * version row records the new ones) and, with `verify`, the dialect's checks of what it
   * did (SQLite: the foreign keys, which are off during a run), throwing naming what is
   * wrong. `ownRows`: rows strata wrote to its own tables since the last check, which
   * need no checking.
   */
  afterStep(queryRunner: QueryRunner, check: StepCheck): Promise<string[]>;
  /** Called outside any transaction before revisions run and after (SQLite: foreign keys off, then on). */
  beforeRevisions(queryRunner: QueryRunner): Promise<void>;
  afterRevisions(queryRunner: QueryRunner): Promise<void>;

  /**
   * Runs parameterless statements in order as one script, one round trip (the first
   * failure stops it and is thrown as TypeORM's QueryFailedError). Inside a transaction only:
   * PostgreSQL runs a multi-statement script as a transaction block of its own otherwise.
   */
  runScript(queryRunner: QueryRunner, statements: readonly string[]): Promise<void>;
  /** The options strata's own DataSource connects with, from the app's (SQLite: sqlite3 without per-call tracing). */
  connectionOptions(options: DataSourceOptions): DataSourceOptions;
  /** Whether `error` says another connection held the database locked, so that the statement changed nothing and may be tried again. */
  isBusy(error: unknown): boolean;
  /** User tables of the current schema, sorted. */
  listTables(queryRunner: QueryRunner): Promise<string[]>;
  /** The bound-parameter placeholder for the 1-based position `n`. */
  param(n: number): string;
  /** `value` as an SQL literal, for a statement sent in a script, where nothing can be bound. */
  literal(value: string | null): string;
  /** The CREATE TABLE statement of the version table. */
  versionTableDdl(quotedName: string): string;
  /** The columns of the version table `name` (to upgrade one an older strata created). */
  versionTableColumns(queryRunner: QueryRunner, name: string): Promise<string[]>;
  /**
   * The objects of the current schema that strata's schema model does not hold (views,
   * triggers, functions, sequences of their own), as "kind name"; objects an extension
   * brought are left out. Squash refuses a history that creates any.
   */
  listUnmodelledObjects(queryRunner: QueryRunner): Promise<string[]>;
  /** The database software's version: what introspection reads can change with it. */
  serverVersion(queryRunner: QueryRunner): Promise<string>;
  /** What the FSM storage plugin does differently here. */
  readonly fsm: DialectFsm;
  /** What `strata port` does differently here. */
  readonly port: DialectPort;
  /**
   * The statements that build the schema `queryRunner` sees again, exactly, where the
   * database keeps them (SQLite); undefined for a schema it cannot copy so (a dry run
   * then replays the history). Absent: a dry run builds the schema model instead.
   */
  readonly schemaCopy?: (queryRunner: QueryRunner) => Promise<string[] | undefined>;
  /**
   * An empty database like the one `options` points at (autogenerate replays revisions on
   * it). `announce` hears the options it will have once they are known, while the server
   * is still creating it (the session on it is prepared meanwhile); a database that ends
   * up elsewhere (a schema, for a role that may not create databases) returns other options.
   */
  createScratchDatabase(options: DataSourceOptions, queryRunner: QueryRunner, announce?: (options: DataSourceOptions) => void): Promise<ScratchDatabase>;
}

export interface RunLockOptions {
  /** The version table's name: runners of one version table share one lock. */
  readonly versionTable: string;
  readonly timeoutMs: number;
  readonly onWait?: (holder: string) => void;
}

export interface LeaseLockOptions extends RunLockOptions {
  /** How long a lease lasts unless renewed. */
  readonly leaseMs: number;
}

/** A run lock held as a lease: renewed while held, and checked by each revision before its version row. */
export interface RunLease {
  acquire(): Promise<void>;
  /** Inside a revision's transaction: fails unless the lease is still this run's, and keeps it so until the commit. */
  fence(queryRunner: QueryRunner): Promise<void>;
  release(): Promise<void>;
}

/** What `afterStep` checks besides listing the tables. */
export interface StepCheck {
  readonly verify: boolean;
  readonly ownRows: number;
}
