import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataSource, Table } from "typeorm";
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

  it("sends a new table and its indexes in one round trip, and the database has all of them", async () => {
    const spy = recording(dialectFor(ds));
    const queryRunner = ds.createQueryRunner();
    try {
      await queryRunner.startTransaction();
      await withBatchedSchemaCalls(queryRunner, spy.dialect, () => queryRunner.createTable(table("item", "IDX_item_title")));
      await queryRunner.commitTransaction();
    } finally {
      await queryRunner.release();
    }
    expect(spy.scripts).toHaveLength(1);
    expect(spy.scripts[0]!.map((s) => s.split("(")[0]!.trim())).toEqual([
      expect.stringMatching(/^CREATE TABLE "item"/),
      expect.stringMatching(/^CREATE UNIQUE INDEX "UQ_item_code" ON "item"/),
      expect.stringMatching(/^CREATE INDEX "IDX_item_title" ON "item"/),
    ]);
    const item = (await tables()).find((t) => t.name === "item");
    expect(item?.indexes.map((i) => [i.name, i.unique]).sort()).toEqual([
      ["IDX_item_title", false],
      ["UQ_item_code", true],
    ]);
  });

  it("throws from the failing call itself, where the revision's own catch sees it, and the revision is undone", async () => {
    let caught: unknown;
    const run = runLikeStrata(ds, async (queryRunner) => {
      try {
        // Its second index's name is taken: the table and first index ran, the second fails.
        await queryRunner.createTable(table("clash", "IDX_taken"));
      } catch (error) {
        caught = error;
        throw error;
      }
    });
    await expect(run).rejects.toThrow(/IDX_taken/);
    expect(caught).toBeInstanceOf(Error);
    expect(String((caught as Error).message)).toMatch(/IDX_taken.*already exists|already exists.*IDX_taken/i);
    expect((await tables()).map((t) => t.name)).not.toContain("clash");
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
