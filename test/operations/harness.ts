import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DataSource, type QueryRunner } from "typeorm";
import type { Revision } from "../../src/graph/revision";
import { dialectFor } from "../../src/dialect/dialect-for";
import { withBatchedSchemaCalls } from "../../src/runtime/batched-schema-calls";
import type { TestDatabase } from "../support/dialects";

const REPO = resolve(__dirname, "..", "..");

/**
 * A directory for rendered revisions, laid out like an application: `typeorm` resolves
 * through a node_modules link and `./strata` stands for the package (its public API).
 */
export class RevisionDir {
  readonly dir = mkdtempSync(join(tmpdir(), "strata-revisions-"));
  private count = 0;

  constructor() {
    symlinkSync(join(REPO, "node_modules"), join(this.dir, "node_modules"), "dir");
    const src = join(REPO, "src").split("\\").join("/");
    writeFileSync(
      join(this.dir, "strata.ts"),
      `export * from ${JSON.stringify(`${src}/operations/apply`)};\nexport type { Revision } from ${JSON.stringify(`${src}/graph/revision`)};\n`,
    );
  }

  /** Writes the text as a revision module and loads it the way strata loads revisions. */
  load(text: string): Revision {
    const file = join(this.dir, `r${++this.count}.ts`);
    writeFileSync(file, text);
    require("../../src/loading/typescript-hook").registerTypeScript();
    return require(file).default as Revision;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `importFrom` for revisions written into a RevisionDir. */
export const IMPORT_FROM = "./strata";

export async function connect(db: TestDatabase): Promise<DataSource> {
  return new DataSource({ ...db.options, logging: false }).initialize();
}

/**
 * Runs one direction of a revision as strata's runtime does: the dialect's preparation
 * outside the transaction (SQLite: foreign keys off), one transaction, the dialect's
 * checks before commit, rollback on failure.
 */
export const runRevision = (dataSource: DataSource, revision: Revision, direction: "up" | "down"): Promise<void> =>
  runLikeStrata(dataSource, (queryRunner) => revision[direction](queryRunner));

/** Runs `work` the way strata's runtime runs a revision (see runRevision); `batched: false` as `--sql` does, each statement on its own. */
export async function runLikeStrata(dataSource: DataSource, work: (queryRunner: QueryRunner) => Promise<void>, { batched = true } = {}): Promise<void> {
  const dialect = dialectFor(dataSource);
  const queryRunner = dataSource.createQueryRunner();
  await dialect.beforeRevisions(queryRunner);
  try {
    await dialect.begin(queryRunner, { versionTable: "strata_version", timeoutMs: 5_000 });
    try {
      await (batched ? withBatchedSchemaCalls(queryRunner, dialect, () => work(queryRunner)) : work(queryRunner));
      await dialect.commit(queryRunner);
    } catch (error) {
      await dialect.rollback(queryRunner);
      throw error;
    }
  } finally {
    await dialect.afterRevisions(queryRunner);
    await queryRunner.release();
  }
}

/** Runs `work` on a fresh query runner outside any transaction. */
export async function withQueryRunner<T>(dataSource: DataSource, work: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return await work(queryRunner);
  } finally {
    await queryRunner.release();
  }
}
