import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DataSource } from "typeorm";
import { addColumn as addColumnOp, alterColumn as alterColumnOp, type Operation, renameColumn as renameColumnOp } from "../../src/operations";
import {
  addColumn,
  addForeignKey,
  alterColumn,
  alterPrimaryKey,
  dropCheck,
  dropColumn,
  dropForeignKey,
  dropUnique,
  renameColumn,
} from "../../src/operations/apply";
import { dialectNamed } from "../../src/dialect/dialect-for";
import { captureSqlInto } from "../../src/runtime/capture-sql";
import { createTestDatabase, type TestDatabase } from "../support/dialects";
import { countRows, foreignKeysOf, indexNames } from "./catalog";
import { connect, runLikeStrata, withQueryRunner } from "./harness";

const MOTTO = { name: "motto", type: "text", nullable: true };
/** A change only a rebuild makes. */
const widenMotto = (qr: Parameters<typeof alterColumn>[0]) => alterColumn(qr, "team", MOTTO, { ...MOTTO, type: "varchar", length: 100 });

const fk = { name: "FK_player_team", columns: ["team_id"], referencedTable: "team", referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" } as const;

/** strata's SQLite table rebuild against a real file: what survives it, and what stops it. */
describe("SQLite table rebuild", () => {
  let db: TestDatabase;
  let ds: DataSource;

  const sqlOf = async (name: string): Promise<string> =>
    (await ds.query(`SELECT sql FROM sqlite_master WHERE name = ?`, [name]))[0]?.sql ?? "";

  beforeEach(async () => {
    db = await createTestDatabase("sqlite", "rebuild");
    ds = await connect(db);
    for (const sql of [
      `CREATE TABLE "team" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(40) NOT NULL COLLATE NOCASE, "motto" text, CONSTRAINT "CHK_team_name" CHECK (length("name") > 1))`,
      `CREATE INDEX "IDX_team_name" ON "team" ("name")`,
      `CREATE TABLE "player" ("id" integer PRIMARY KEY NOT NULL, "team_id" integer, "code" text UNIQUE, CONSTRAINT "FK_player_team" FOREIGN KEY ("team_id") REFERENCES "team" ("id") ON DELETE CASCADE)`,
      `CREATE TABLE "log" ("what" text)`,
      `CREATE TRIGGER "team_log" AFTER INSERT ON "team" BEGIN INSERT INTO "log" VALUES ('team ' || NEW."name"); END`,
      `CREATE TRIGGER "player_log" AFTER INSERT ON "player" BEGIN INSERT INTO "log" SELECT 'joined ' || "name" FROM "team" WHERE "id" = NEW."team_id"; END`,
      `CREATE VIEW "team_names" AS SELECT "name" FROM "team"`,
      `CREATE VIEW "team_name_count" AS SELECT count(*) AS n FROM "team_names"`,
      `INSERT INTO "team" ("name", "motto") VALUES ('ants', 'dig'), ('bees', 'buzz'), ('cats', NULL)`,
      `INSERT INTO "player" ("id", "team_id", "code") VALUES (1, 1, 'a1'), (2, 1, 'a2'), (3, 2, 'b1'), (4, 3, 'c1')`,
      `DELETE FROM "team" WHERE "name" = 'cats'`,
      `DELETE FROM "log"`,
    ]) {
      await ds.query(sql);
    }
  });

  afterEach(async () => {
    await ds.destroy();
    await db.drop();
  });

  it("keeps rows, child rows of a cascading key, the index, triggers, views and the id sequence", async () => {
    await runLikeStrata(ds, widenMotto);

    expect(await sqlOf("team")).toContain('"motto" varchar(100)');
    expect(await sqlOf("team")).toContain("COLLATE NOCASE");
    expect(await countRows(ds, "team")).toBe(2);
    // Player 4's team was deleted before the rebuild (cascade); the other three stay.
    expect(await countRows(ds, "player")).toBe(3);
    expect(await indexNames(ds, "team")).toEqual(["IDX_team_name"]);
    expect(await countRows(ds, "team_name_count")).toBe(1);
    expect(await ds.query(`SELECT n FROM "team_name_count"`)).toEqual([{ n: 2 }]);
    await ds.query(`INSERT INTO "team" ("name") VALUES ('dogs')`);
    await ds.query(`INSERT INTO "player" ("id", "team_id") VALUES (5, 1)`);
    expect(await ds.query(`SELECT "what" FROM "log"`)).toEqual([{ what: "team dogs" }, { what: "joined ants" }]);
    // AUTOINCREMENT never reuses the id of the deleted third team.
    expect(await ds.query(`SELECT "id" FROM "team" WHERE "name" = 'dogs'`)).toEqual([{ id: 4 }]);
    expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([]);
  });

  it("aborts when the foreign key being added finds orphan rows, naming the table, and changes nothing", async () => {
    await ds.query(`CREATE TABLE "membership" ("team_id" integer NOT NULL)`);
    await ds.query(`INSERT INTO "membership" VALUES (1), (42)`);
    const before = await sqlOf("membership");
    const adding = runLikeStrata(ds, (qr) => addForeignKey(qr, "membership", { ...fk, name: "FK_membership_team" }));
    await expect(adding).rejects.toThrow(/Foreign key check failed after rebuilding table "membership": 1 row\(s\) of "membership" referencing missing rows of "team"/);
    expect(await sqlOf("membership")).toBe(before);
    expect(await countRows(ds, "membership")).toBe(2);
  });

  it("aborts a rebuild of a parent whose children already point at missing rows", async () => {
    await ds.query(`PRAGMA foreign_keys = OFF`);
    await ds.query(`INSERT INTO "player" ("id", "team_id") VALUES (9, 77)`);
    await ds.query(`PRAGMA foreign_keys = ON`);
    await expect(runLikeStrata(ds, widenMotto)).rejects.toThrow(/"player" referencing missing rows of "team"/);
    expect(await sqlOf("team")).toContain('"motto" text');
  });

  it("refuses to start inside a transaction that has foreign keys on", async () => {
    await withQueryRunner(ds, async (qr) => {
      await qr.startTransaction();
      await expect(widenMotto(qr)).rejects.toThrow(/needs foreign keys off.*ignores PRAGMA foreign_keys inside a transaction/);
      await qr.rollbackTransaction();
    });
    expect(await sqlOf("team")).toContain('"motto" text');
  });

  it("outside a transaction switches foreign keys off for itself and back on after", async () => {
    await withQueryRunner(ds, async (qr) => {
      expect(await qr.query(`PRAGMA foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
      await widenMotto(qr);
      expect(await qr.query(`PRAGMA foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
    });
    expect(await countRows(ds, "player")).toBe(3);
  });

  it("drops constraints by name, by shape when the name differs, and written on the column", async () => {
    await runLikeStrata(ds, async (qr) => {
      await dropForeignKey(qr, "player", { ...fk, name: "named_differently_by_typeorm" });
      await dropUnique(qr, "player", { name: "UQ_player_code", columns: ["code"] });
      await dropCheck(qr, "team", { name: "CHK_team_name", expression: `length("name") > 1` });
    });
    expect(await foreignKeysOf(ds, "player")).toEqual([]);
    expect(await sqlOf("player")).not.toMatch(/UNIQUE/i);
    expect(await sqlOf("team")).not.toMatch(/CHECK/i);
    expect(await countRows(ds, "player")).toBe(3);
  });

  it("refuses to drop a constraint it cannot find", async () => {
    await expect(runLikeStrata(ds, (qr) => dropUnique(qr, "team", { name: "UQ_nothing", columns: ["motto"] }))).rejects.toThrow(
      /Table "team" has no unique constraint "UQ_nothing" to drop/,
    );
  });

  it("moves the primary key and keeps the rows", async () => {
    await runLikeStrata(ds, (qr) => alterPrimaryKey(qr, "player", ["id", "code"]));
    const key: { name: string; pk: number }[] = await ds.query(`SELECT name, pk FROM pragma_table_info('player') WHERE pk > 0 ORDER BY pk`);
    expect(key).toEqual([{ name: "id", pk: 1 }, { name: "code", pk: 2 }]);
    expect(await countRows(ds, "player")).toBe(3);
  });

  it("quotes names by doubling embedded quotes", async () => {
    await ds.query(`CREATE TABLE "we""ird" ("id" integer PRIMARY KEY, "odd""col" text, "gone" text)`);
    await ds.query(`INSERT INTO "we""ird" VALUES (1, 'kept', 'x')`);
    await runLikeStrata(ds, (qr) => dropColumn(qr, 'we"ird', "gone"));
    expect(await ds.query(`SELECT * FROM "we""ird"`)).toEqual([{ id: 1, 'odd"col': "kept" }]);
  });

  it("drops a column with SQLite's own ALTER TABLE … DROP COLUMN where it may, rebuilds where a key, check, view or trigger names it, and refuses while an index or a table CHECK does", async () => {
    const rootpage = async (table: string) => (await ds.query(`SELECT rootpage FROM sqlite_master WHERE name = ?`, [table]))[0].rootpage;
    await ds.query(`CREATE TABLE "kit" ("id" integer PRIMARY KEY, "plain" text, "indexed" text, "uniq" text UNIQUE, "checked" integer, "viewed" text, "fired" text, "ref" integer REFERENCES "team" ("id"), CHECK ("checked" > 0))`);
    await ds.query(`CREATE INDEX "IDX_kit_indexed" ON "kit" ("indexed")`);
    await ds.query(`CREATE VIEW "kit_view" AS SELECT "viewed" FROM "kit"`);
    await ds.query(`CREATE TRIGGER "kit_log" AFTER INSERT ON "kit" BEGIN INSERT INTO "log" VALUES (NEW."fired"); END`);
    await ds.query(`INSERT INTO "kit" VALUES (1, 'p', 'i', 'u', 1, 'v', 'f', 1)`);
    const executed: string[] = [];
    for (const column of ["plain", "indexed", "uniq", "viewed", "fired", "ref"]) {
      if (column === "indexed") {
        await expect(runLikeStrata(ds, (qr) => dropColumn(qr, "kit", column))).rejects.toThrow(`index "IDX_kit_indexed" names column "indexed"`);
        expect(await countRows(ds, "kit")).toBe(1);
        await ds.query(`DROP INDEX "IDX_kit_indexed"`);
      }
      const before = await rootpage("kit");
      await runLikeStrata(ds, (qr) => captureSqlInto(qr, executed, () => dropColumn(qr, "kit", column)));
      const inPlace = executed.some((sql) => sql === `ALTER TABLE "kit" DROP COLUMN "${column}"`);
      expect([column, inPlace], column).toEqual([column, column === "plain" || column === "indexed"]);
      expect((await rootpage("kit")) !== before, column).toBe(!inPlace);
    }
    await expect(runLikeStrata(ds, (qr) => dropColumn(qr, "kit", "checked"))).rejects.toThrow(`names column "checked", which this change drops`);
    expect((await ds.query(`SELECT name FROM pragma_table_info('kit')`)).map((c: { name: string }) => c.name)).toEqual(["id", "checked"]);
    expect(await countRows(ds, "kit")).toBe(1);
  });

  it("rebuilds the table exactly when the dialect's rebuildsTable says so", async () => {
    const rootpage = async () => (await ds.query(`SELECT rootpage FROM sqlite_master WHERE name = 'team'`))[0].rootpage;
    const motto = { name: "motto", type: "text", nullable: true };
    // ALTER TABLE ADD COLUMN refuses a default in parentheses or CURRENT_TIMESTAMP.
    const stamp = { name: "b", type: "datetime", nullable: false, default: "CURRENT_TIMESTAMP" };
    const cases: [Operation, (qr: Parameters<typeof addColumn>[0]) => Promise<void>][] = [
      [addColumnOp("team", { name: "a", type: "integer", nullable: true }), (qr) => addColumn(qr, "team", { name: "a", type: "integer", nullable: true })],
      [addColumnOp("team", stamp), (qr) => addColumn(qr, "team", stamp)],
      [renameColumnOp("team", "a", "c"), (qr) => renameColumn(qr, "team", "a", "c")],
      [alterColumnOp("team", motto, { ...motto, comment: "why" }), (qr) => alterColumn(qr, "team", motto, { ...motto, comment: "why" })],
      [alterColumnOp("team", motto, { ...motto, type: "varchar", length: 9 }), (qr) => alterColumn(qr, "team", motto, { ...motto, type: "varchar", length: 9 })],
    ];
    const rebuilt: boolean[] = [];
    for (const [op, run] of cases) {
      const before = await rootpage();
      await runLikeStrata(ds, run);
      rebuilt.push((await rootpage()) !== before);
      expect(rebuilt[rebuilt.length - 1], op.kind).toBe(dialectNamed("sqlite").rebuildsTable(op));
    }
    expect(rebuilt).toEqual([false, true, false, false, true]);
    expect(await countRows(ds, "player")).toBe(3);
  });
});
