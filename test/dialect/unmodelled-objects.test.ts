import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSource } from "typeorm";
import { dialectFor } from "../../src/dialect/dialect-for";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { connect } from "../operations/harness";

/** What raw SQL can create that strata's schema model does not hold: squash refuses to drop it silently. */
const CREATE: Record<(typeof DIALECTS)[number], { sql: string[]; objects: string[] }> = {
  sqlite: {
    sql: [
      `CREATE TRIGGER "stamp" AFTER INSERT ON "item" BEGIN UPDATE "item" SET "n" = 1 WHERE "id" = NEW."id"; END`,
      `CREATE VIEW "item_names" AS SELECT "name" FROM "item"`,
    ],
    objects: ["trigger stamp", "view item_names"],
  },
  postgres: {
    sql: [
      `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`,
      `CREATE SEQUENCE "tickets"`,
      `CREATE FUNCTION "bump"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."n" := 1; RETURN NEW; END $$`,
      `CREATE TRIGGER "stamp" BEFORE INSERT ON "item" FOR EACH ROW EXECUTE FUNCTION "bump"()`,
      `CREATE VIEW "item_names" AS SELECT "name" FROM "item"`,
      `CREATE MATERIALIZED VIEW "item_count" AS SELECT count(*) AS "n" FROM "item"`,
    ],
    objects: ["function bump()", "materialized view item_count", "sequence tickets", "trigger stamp on item", "view item_names"],
  },
};

describe.each(DIALECTS)("the objects strata's model does not hold, on %s", (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  const list = async () => {
    const queryRunner = ds.createQueryRunner();
    try {
      return await dialectFor(ds).listUnmodelledObjects(queryRunner);
    } finally {
      await queryRunner.release();
    }
  };
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "unmodelled");
    ds = await connect(db);
    // A serial's sequence, an index and a foreign key belong to the model: never listed.
    const id = dialect === "postgres" ? `"id" SERIAL PRIMARY KEY` : `"id" integer PRIMARY KEY AUTOINCREMENT`;
    await ds.query(`CREATE TABLE "item" (${id}, "name" varchar(20), "n" integer)`);
    await ds.query(`CREATE INDEX "item_name" ON "item" ("name")`);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it("lists none for tables, their indexes and their sequences", async () => {
    expect(await list()).toEqual([]);
  });

  it("lists views, triggers, functions and sequences of their own, not an extension's functions", async () => {
    for (const sql of CREATE[dialect].sql) await ds.query(sql);
    expect(await list()).toEqual(CREATE[dialect].objects);
  });
});
