import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSource } from "typeorm";
import { createTestDatabase, DIALECTS, SQLITE_DRIVER, type TestDatabase } from "../support/dialects";
import { connect, runLikeStrata } from "../operations/harness";

/*
 * Revision code may call TypeORM's startTransaction inside the transaction strata opened
 * (on SQLite with its own BEGIN IMMEDIATE, behind TypeORM's back): it must nest a
 * savepoint, whatever the typeorm version and driver.
 */
describe.each(DIALECTS)("a revision's own startTransaction on %s", (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "nested");
    ds = await connect(db);
    await ds.query(`CREATE TABLE "note" ("text" varchar(20))`);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it(`nests a savepoint inside strata's transaction (${dialect === "sqlite" ? SQLITE_DRIVER : "pg"})`, async () => {
    await runLikeStrata(ds, async (queryRunner) => {
      await queryRunner.query(`INSERT INTO "note" VALUES ('outer')`);
      await queryRunner.startTransaction();
      await queryRunner.query(`INSERT INTO "note" VALUES ('undone')`);
      await queryRunner.rollbackTransaction();
      await queryRunner.startTransaction();
      await queryRunner.query(`INSERT INTO "note" VALUES ('kept')`);
      await queryRunner.commitTransaction();
      expect(queryRunner.isTransactionActive).toBe(true);
    });
    expect((await ds.query(`SELECT "text" FROM "note" ORDER BY "text"`)).map((r: { text: string }) => r.text)).toEqual(["kept", "outer"]);
  });

  it("leaves TypeORM free to open its own transaction afterwards", async () => {
    await runLikeStrata(ds, async (queryRunner) => {
      await queryRunner.query(`DELETE FROM "note"`);
    });
    const queryRunner = ds.createQueryRunner();
    try {
      expect(queryRunner.isTransactionActive).toBe(false);
      await queryRunner.startTransaction();
      await queryRunner.query(`INSERT INTO "note" VALUES ('later')`);
      await queryRunner.commitTransaction();
    } finally {
      await queryRunner.release();
    }
    expect(await ds.query(`SELECT "text" FROM "note"`)).toEqual([{ text: "later" }]);
  });
});
