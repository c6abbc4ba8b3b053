import { describe, expect, it } from "vitest";
import { type ColumnsByTable, lostValues } from "../../src/runtime/kept-values";

const columns = (tables: Record<string, string[]>): ColumnsByTable => new Map(Object.entries(tables).map(([t, cs]) => [t, new Set(cs)]));
const before = columns({ people: ["id", "name", "note"], pets: ["id", "owner"] });

describe("what a run's statements keep of the values", () => {
  it("keeps what a rename moves, in either dialect's spelling, schema-qualified or not, several statements to a string", () => {
    const after = columns({ persons: ["id", "full_name", "remark"], pets: ["id", "owner"] });
    const statements = [
      `ALTER TABLE "public"."people" RENAME COLUMN "name" TO "full_name"`,
      `ALTER TABLE people RENAME note TO remark; ALTER TABLE "people" RENAME TO "persons"`,
    ];
    expect(lostValues(before, after, statements)).toEqual({ droppedTables: [], droppedColumns: [] });
  });

  it("keeps what a table rebuild copies, through a cast, and loses the column it leaves out", () => {
    const after = columns({ people: ["id", "name"], pets: ["id", "owner"] });
    const statements = [
      `CREATE TABLE "temporary_people" ("id" integer PRIMARY KEY, "name" text)`,
      `INSERT INTO "temporary_people"("id", "name") SELECT "id", CAST("name" AS text) FROM "people"`,
      `DROP TABLE "people"`,
      `ALTER TABLE "temporary_people" RENAME TO "people"`,
    ];
    expect(lostValues(before, after, statements)).toEqual({ droppedTables: [], droppedColumns: [{ table: "people", column: "note" }] });
  });

  it("does not count a copy that may leave rows behind (a WHERE), nor a table dropped and made again", () => {
    const after = columns({ people: ["id", "name", "note"], pets: ["id", "owner"] });
    const statements = [
      `CREATE TABLE "people_new" ("id" integer, "name" text, "note" text)`,
      `INSERT INTO "people_new" ("id", "name", "note") SELECT "id", "name", "note" FROM "people" WHERE "id" > 10`,
      `DROP TABLE "people"`,
      `ALTER TABLE "people_new" RENAME TO "people"`,
      `ALTER TABLE "pets" DROP COLUMN IF EXISTS "owner", DROP CONSTRAINT "FK_owner"`,
      `ALTER TABLE "pets" ADD COLUMN "owner" integer`,
    ];
    expect(lostValues(before, after, statements)).toEqual({ droppedTables: ["people"], droppedColumns: [{ table: "pets", column: "owner" }] });
  });

  it("judges by name what it cannot read: a column gone afterwards is lost, one still there is kept", () => {
    const after = columns({ people: ["id", "name"], pets: ["id", "owner"] });
    expect(lostValues(before, after, [`UPDATE people SET note = NULL`, `-- a comment`])).toEqual({
      droppedTables: [],
      droppedColumns: [{ table: "people", column: "note" }],
    });
    expect(lostValues(before, columns({ people: ["id", "name", "note"] }), [])).toEqual({ droppedTables: ["pets"], droppedColumns: [] });
  });
});
