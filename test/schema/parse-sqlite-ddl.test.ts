import { describe, expect, it } from "vitest";
import { parseCreateIndex } from "../../src/dialect/sqlite/parse-create-index";
import { parseCreateTable } from "../../src/dialect/sqlite/parse-create-table";

describe("parseCreateTable (SQLite)", () => {
  it("reads what TypeORM writes: AUTOINCREMENT, enum CHECKs, named constraints", () => {
    const parsed = parseCreateTable(
      `CREATE TABLE "post" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "role" varchar CHECK( "role" IN ('a','b') ) NOT NULL DEFAULT ('a'), ` +
        `"name" varchar COLLATE NOCASE, CONSTRAINT "UQ_x" UNIQUE ("name", "role"), CONSTRAINT "CHK_y" CHECK ("id" > 0), ` +
        `CONSTRAINT "FK_z" FOREIGN KEY ("id") REFERENCES "author" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    expect(parsed.columns).toEqual([
      { name: "id", autoincrement: true, collation: undefined, checks: [], uniqueName: undefined, referencesName: undefined },
      { name: "role", autoincrement: false, collation: undefined, checks: [{ name: undefined, expression: `"role" IN ('a','b')` }], uniqueName: undefined, referencesName: undefined },
      { name: "name", autoincrement: false, collation: "NOCASE", checks: [], uniqueName: undefined, referencesName: undefined },
    ]);
    expect(parsed.constraints).toEqual([
      { name: "UQ_x", kind: "unique", columns: ["name", "role"] },
      { name: "CHK_y", kind: "check", columns: [], expression: `"id" > 0` },
      { name: "FK_z", kind: "foreign", columns: ["id"], referencedTable: "author" },
    ]);
  });

  it("is not fooled by commas, parentheses and keywords inside strings and quoted names", () => {
    const parsed = parseCreateTable(
      `CREATE TABLE [odd, name] ("a,b" text DEFAULT 'x, CHECK (y)', [c)] integer CONSTRAINT "named check" CHECK ([c)] <> ')'), "d" int CONSTRAINT "U" UNIQUE CONSTRAINT "R" REFERENCES "p")`,
    );
    expect(parsed.columns.map((c) => c.name)).toEqual(["a,b", "c)", "d"]);
    expect(parsed.columns[0]!.checks).toEqual([]);
    expect(parsed.columns[1]!.checks).toEqual([{ name: "named check", expression: `[c)] <> ')'` }]);
    expect(parsed.columns[2]).toMatchObject({ uniqueName: "U", referencesName: "R" });
  });
});

describe("the deferrability of SQLite foreign keys", () => {
  const deferrableOf = (clause: string) => parseCreateTable(`CREATE TABLE "c" ("p" integer, FOREIGN KEY ("p") REFERENCES "t" ${clause})`).constraints[0]!.deferrable;

  it("reads it as TypeORM's deferrable says it: DEFERRABLE alone is INITIALLY IMMEDIATE, NOT DEFERRABLE is none", () => {
    expect(deferrableOf(`("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`)).toBe("INITIALLY DEFERRED");
    expect(deferrableOf(`ON DELETE SET NULL MATCH SIMPLE deferrable initially immediate`)).toBe("INITIALLY IMMEDIATE");
    expect(deferrableOf(`("id") DEFERRABLE`)).toBe("INITIALLY IMMEDIATE");
    expect(deferrableOf(`("id") NOT DEFERRABLE INITIALLY DEFERRED`)).toBeUndefined();
    expect(deferrableOf(`("id") ON DELETE CASCADE`)).toBeUndefined();
  });

  it("reads it on a column's REFERENCES too", () => {
    const parsed = parseCreateTable(`CREATE TABLE "c" ("p" integer CONSTRAINT "R" REFERENCES "t" ("id") DEFERRABLE INITIALLY DEFERRED NOT NULL, "q" integer REFERENCES "t")`);
    expect(parsed.columns.map((c) => c.referencesDeferrable)).toEqual(["INITIALLY DEFERRED", undefined]);
  });
});

describe("parseCreateIndex (SQLite)", () => {
  it("reads keys and the WHERE of a partial index", () => {
    expect(parseCreateIndex(`CREATE INDEX "IDX" ON "t" ("a", "b" DESC) WHERE "a" IS NOT NULL AND b > 'x'`)).toEqual({
      keys: ["a", "b"],
      where: `"a" IS NOT NULL AND b > 'x'`,
    });
    expect(parseCreateIndex(`CREATE UNIQUE INDEX "U" ON "t" (lower("name") COLLATE NOCASE, "id") `)).toEqual({
      keys: [`lower("name")`, "id"],
    });
  });
});
