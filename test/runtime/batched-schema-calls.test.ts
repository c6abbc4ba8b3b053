import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataSource, type QueryRunner, Table, TableIndex } from "typeorm";
import { dialectFor } from "../../src/dialect/dialect-for";
import type { Dialect } from "../../src/dialect/dialect";
import { withBatchedSchemaCalls } from "../../src/runtime/batched-schema-calls";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { connect, runLikeStrata } from "../operations/harness";

const table = (name: string, indexName: string) =>
  new Table({
    name,
    columns: [
      { name: "id", type: "integer", isPrimary: true },
      { name: "code", type: "varchar", length: "20" },
      { name: "title", type: "varchar", length: "40" },
    ],
    indices: [
      { name: `UQ_${name}_code`, columnNames: ["code"], isUnique: true },
      { name: indexName, columnNames: ["title"] },
    ],
  });

/** The dialect, with every script it is asked to run written down (and run). */
function recording(dialect: Dialect): { dialect: Dialect; scripts: string[][] } {
  const scripts: string[][] = [];
  return {
    scripts,
    dialect: { ...dialect, runScript: (queryRunner, statements) => (scripts.push([...statements]), dialect.runScript(queryRunner, statements)) },
  };
}

describe.each(DIALECTS)("schema calls batched into one script on %s", (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  const tables = async () => (await dialectFor(ds).introspect(ds.createQueryRunner())).tables;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "batched");
    ds = await connect(db);
    await ds.query(`CREATE TABLE "other" ("title" varchar(40))`);
    await ds.query(`CREATE INDEX "IDX_taken" ON "other" ("title")`);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** `work` as a revision strata runs, with the scripts sent written down. */
  async function runRecorded(work: (queryRunner: QueryRunner) => Promise<void>): Promise<string[][]> {
    const spy = recording(dialectFor(ds));
    const queryRunner = ds.createQueryRunner();
    try {
      await queryRunner.startTransaction();
      await withBatchedSchemaCalls(queryRunner, spy.dialect, () => work(queryRunner));
      await queryRunner.commitTransaction();
    } finally {
      await queryRunner.release();
    }
    return spy.scripts;
  }
  const heads = (script: readonly string[]) => script.map((s) => s.split(" (")[0]!.trim());

  it("sends a revision's schema calls as one script under a savepoint, and the database has all of them", async () => {
    const scripts = await runRecorded(async (queryRunner) => {
      await queryRunner.createTable(table("item", "IDX_item_title"));
      await queryRunner.createTable(table("part", "IDX_part_title"));
    });
    expect(scripts.map(heads)).toEqual([
      [
        "SAVEPOINT strata_schema_calls",
        'CREATE TABLE "item"',
        expect.stringMatching(/^CREATE UNIQUE INDEX "UQ_item_code" ON "item"/),
        expect.stringMatching(/^CREATE INDEX "IDX_item_title" ON "item"/),
        'CREATE TABLE "part"',
        expect.stringMatching(/^CREATE UNIQUE INDEX "UQ_part_code" ON "part"/),
        expect.stringMatching(/^CREATE INDEX "IDX_part_title" ON "part"/),
        "RELEASE SAVEPOINT strata_schema_calls",
      ],
    ]);
    const made = (await tables()).filter((t) => t.name === "item" || t.name === "part");
    expect(made.map((t) => [t.name, t.indexes.map((i) => i.name).sort()])).toEqual([
      ["item", ["IDX_item_title", "UQ_item_code"]],
      ["part", ["IDX_part_title", "UQ_part_code"]],
    ]);
  });

  it("sends what it held back before the revision's first statement of its own, then each call as its own script", async () => {
    let seen: unknown;
    const scripts = await runRecorded(async (queryRunner) => {
      await queryRunner.createTable(table("early", "IDX_early_title"));
      seen = await queryRunner.query(`SELECT COUNT(*) AS "n" FROM "early"`);
      await queryRunner.createTable(table("late", "IDX_late_title"));
    });
    expect(Number((seen as { n: unknown }[])[0]!.n)).toBe(0); // the table existed when the revision read it
    expect(scripts.map(heads)).toEqual([
      ["SAVEPOINT strata_schema_calls", 'CREATE TABLE "early"', expect.any(String), expect.any(String), "RELEASE SAVEPOINT strata_schema_calls"],
      ['CREATE TABLE "late"', expect.any(String), expect.any(String)],
    ]);
  });

  it("throws from the failing call itself, where the revision's own catch sees it, and the revision is undone", async () => {
    let caught: unknown;
    let runs = 0;
    const run = runLikeStrata(ds, async (queryRunner) => {
      runs += 1;
      try {
        // Its second index's name is taken: held back, the call returns; run again call by call, it throws.
        await queryRunner.createTable(table("clash", "IDX_taken"));
      } catch (error) {
        caught = error;
        throw error;
      }
    });
    await expect(run).rejects.toThrow(/IDX_taken/);
    expect(runs).toBe(2);
    expect(caught).toBeInstanceOf(Error);
    expect(String((caught as Error).message)).toMatch(/IDX_taken.*already exists|already exists.*IDX_taken/i);
    expect((await tables()).map((t) => t.name)).not.toContain("clash");
  });

  it("ends as the same revision run statement by statement would when it catches a failing call itself", async () => {
    // Held back, nothing fails until the revision returns; run again call by call, its catch sees the error.
    let runs = 0;
    const revision = (suffix: string) => async (queryRunner: QueryRunner) => {
      runs += 1;
      await queryRunner.createTable(table(`kept_${suffix}`, `IDX_kept_${suffix}_title`));
      try {
        await queryRunner.createTable(table(`clash_${suffix}`, "IDX_taken"));
      } catch {
        await queryRunner.createTable(table(`alt_${suffix}`, `IDX_alt_${suffix}_title`));
      }
    };
    const outcome = async (suffix: string, batched: boolean) => {
      const error = await runLikeStrata(ds, revision(suffix), { batched }).then(() => "", (e: Error) => e.message);
      const made = (await tables()).filter((t) => t.name.endsWith(`_${suffix}`));
      return { error, tables: made.map((t) => [t.name, ...t.indexes.map((i) => i.name).sort()].join(" ").replaceAll(suffix, "*")).sort() };
    };
    const unbatched = await outcome("x1", false);
    runs = 0;
    expect(await outcome("x2", true)).toEqual(unbatched);
    expect(runs).toBe(2);
    // SQLite goes on after a failed statement (the clashing table stays, without the index that failed);
    // PostgreSQL refuses everything after it in the transaction.
    expect(unbatched).toEqual(
      dialect === "sqlite"
        ? { error: "", tables: ["alt_* IDX_alt_*_title UQ_alt_*_code", "clash_* UQ_clash_*_code", "kept_* IDX_kept_*_title UQ_kept_*_code"] }
        : { error: expect.stringMatching(/current transaction is aborted/), tables: [] },
    );
  });

  it("leaves TypeORM's SQL-in-memory mode (its log()) alone: nothing runs, the statements are recorded", async () => {
    const spy = recording(dialectFor(ds));
    const queryRunner = ds.createQueryRunner();
    try {
      queryRunner.enableSqlMemory();
      await withBatchedSchemaCalls(queryRunner, spy.dialect, () => queryRunner.createTable(table("logged", "IDX_logged_title")));
      const memory = queryRunner.getMemorySql();
      queryRunner.disableSqlMemory();
      expect(memory.upQueries.map((q) => q.query.split(" (")[0])).toEqual([
        'CREATE TABLE "logged"',
        expect.stringMatching(/^CREATE UNIQUE INDEX "UQ_logged_code"/),
        expect.stringMatching(/^CREATE INDEX "IDX_logged_title"/),
      ]);
    } finally {
      await queryRunner.release();
    }
    expect(spy.scripts).toEqual([]);
    expect((await tables()).map((t) => t.name)).not.toContain("logged");
  });
});
