import type { DataSourceOptions, QueryRunner } from "typeorm";
import type { ScratchDatabase } from "./scratch-database";

/** What the runtime needs from a dialect to run revisions safely (one implementation per dialect). */
export interface RunDialect {
  readonly name: "sqlite" | "postgres";
  /** Takes the lock that serialises runners for a whole run; `onWait` hears who holds it. */
  acquireRunLock(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  releaseRunLock(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  /** Opens a write transaction (SQLite: BEGIN IMMEDIATE under the busy timeout). */
  begin(queryRunner: QueryRunner, options: RunLockOptions): Promise<void>;
  /** Runs the dialect's pre-commit checks, then commits. */
  commit(queryRunner: QueryRunner): Promise<void>;
  rollback(queryRunner: QueryRunner): Promise<void>;
  /** Called outside any transaction before revisions run and after (SQLite: foreign keys off, then on). */
  beforeRevisions(queryRunner: QueryRunner): Promise<void>;
  afterRevisions(queryRunner: QueryRunner): Promise<void>;
  /** User tables of the current schema, sorted. */
  listTables(queryRunner: QueryRunner): Promise<string[]>;
  /** The bound-parameter placeholder for the 1-based position `n`. */
  param(n: number): string;
  /** An empty database like the one `options` points at (autogenerate replays revisions on it). */
  createScratchDatabase(options: DataSourceOptions, queryRunner: QueryRunner): Promise<ScratchDatabase>;
  /** The CREATE TABLE statement of the version table. */
  versionTableDdl(quotedName: string): string;
}

export interface RunLockOptions {
  /** The version table's name: runners of one version table share one lock. */
  readonly versionTable: string;
  readonly timeoutMs: number;
  readonly onWait?: (holder: string) => void;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
