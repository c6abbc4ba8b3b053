import { describe, expect, it } from "vitest";
import { DataSource } from "typeorm";
import { readColumnDefinition } from "../../src/dialect/sqlite/column-clauses";
import { columnDefinitionSql, redefineColumnSql } from "../../src/dialect/sqlite/column-definition";
import { printTableDefinition, readTableDefinition } from "../../src/dialect/sqlite/table-definition";
import { dropForeignKeyDefinition, dropUniqueDefinition, renameConstraintDefinition, setPrimaryKey } from "../../src/dialect/sqlite/table-edits";
import { sqliteOptions } from "../support/dialects";

// A driver to spell types with; it is never connected.
const driver = new DataSource(sqliteOptions(":memory:")).driver;

describe("reading SQLite column definitions", () => {
  it("splits clauses where SQLite's grammar does, not at every keyword", () => {
    const parsed = readColumnDefinition(
      `"team_id" INTEGER CONSTRAINT "fk" REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE NO ACTION NOT DEFERRABLE ` +
        `NOT NULL ON CONFLICT ABORT DEFAULT -1 CHECK ("team_id" IN (1, 2)) COLLATE BINARY`,
    );
    expect(parsed.nameSql).toBe(`"team_id"`);
    expect(parsed.typeSql).toBe("INTEGER");
    expect(parsed.clauses.map((c) => [c.kind, c.sql])).toEqual([
      ["references", `CONSTRAINT "fk" REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE NO ACTION NOT DEFERRABLE`],
      ["notNull", "NOT NULL ON CONFLICT ABORT"],
      ["default", "DEFAULT -1"],
      ["check", `CHECK ("team_id" IN (1, 2))`],
      ["collate", "COLLATE BINARY"],
    ]);
  });

  it("reads multi-word types, parenthesised defaults, generated columns and keys", () => {
    expect(readColumnDefinition(`x double precision DEFAULT (1.5 * 2) NULL`).clauses.map((c) => c.kind)).toEqual(["default", "null"]);
    expect(readColumnDefinition(`x double precision`).typeSql).toBe("double precision");
    expect(readColumnDefinition(`"id" integer PRIMARY KEY DESC AUTOINCREMENT NOT NULL`).clauses.map((c) => c.sql)).toEqual([
      "PRIMARY KEY DESC AUTOINCREMENT",
      "NOT NULL",
    ]);
    expect(readColumnDefinition(`t text GENERATED ALWAYS AS (upper(x)) STORED UNIQUE`).clauses.map((c) => c.kind)).toEqual(["generated", "unique"]);
    expect(readColumnDefinition(`[odd name] varchar(10, 2) DEFAULT 'it''s, (fine)'`).clauses).toEqual([
      { kind: "default", sql: `DEFAULT 'it''s, (fine)'` },
    ]);
  });

  it("refuses what it cannot read instead of guessing", () => {
    expect(() => readColumnDefinition(`x integer NOT WHATEVER`)).toThrow(/Cannot read the column definition `x integer NOT WHATEVER` near "WHATEVER"/);
  });
});

describe("rewriting SQLite column definitions", () => {
  it("replaces type, values, nullability and default, and keeps the other clauses as written", () => {
    const old = `"kind" varchar CHECK( "kind" IN ('cat','dog') ) CONSTRAINT "fk" REFERENCES "k" ("id") NOT NULL DEFAULT ('cat') CHECK (length("kind") < 9)`;
    const sql = redefineColumnSql(driver, old, { name: "kind", type: "varchar", isNullable: true, enum: ["cat", "dog", "it's"], default: "'dog'" });
    expect(sql).toBe(
      `"kind" varchar CONSTRAINT "fk" REFERENCES "k" ("id") CHECK (length("kind") < 9) CHECK ("kind" IN ('cat', 'dog', 'it''s')) DEFAULT 'dog'`,
    );
  });

  it("keeps the key and sets AUTOINCREMENT from the generation", () => {
    const old = `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`;
    expect(redefineColumnSql(driver, old, { name: "id", type: "bigint", isNullable: false })).toBe(`"id" bigint PRIMARY KEY NOT NULL`);
    expect(redefineColumnSql(driver, old, { name: "id", type: "integer", isGenerated: true, generationStrategy: "increment" })).toBe(
      `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    );
  });

  it("writes new columns with quoted names and parenthesised expression defaults", () => {
    expect(columnDefinitionSql(driver, { name: 'a"b', type: "varchar", length: "20", isNullable: false, default: "CURRENT_TIMESTAMP", collation: "NOCASE" })).toBe(
      `"a""b" varchar(20) COLLATE "NOCASE" NOT NULL DEFAULT (CURRENT_TIMESTAMP)`,
    );
  });
});

describe("editing SQLite table definitions", () => {
  const create = `CREATE TABLE "t" ("id" integer PRIMARY KEY, "p" integer REFERENCES "parent" ("id"), "code" text UNIQUE, CONSTRAINT "PK_x" PRIMARY KEY ("id")) WITHOUT ROWID`;

  it("reads definitions and options and prints them back", () => {
    const definition = readTableDefinition("t", create);
    expect(definition.columns.map((c) => c.name)).toEqual(["id", "p", "code"]);
    expect(definition.constraints.map((c) => c.facts.kind)).toEqual(["primary"]);
    expect(definition.options).toBe("WITHOUT ROWID");
    expect(printTableDefinition("new", definition)).toBe(
      `CREATE TABLE "new" (\n  "id" integer PRIMARY KEY,\n  "p" integer REFERENCES "parent" ("id"),\n  "code" text UNIQUE,\n  CONSTRAINT "PK_x" PRIMARY KEY ("id")\n) WITHOUT ROWID`,
    );
  });

  it("drops keys written on the column itself", () => {
    const fk = { name: "FK_any", columns: ["p"], referencedTable: "PARENT", referencedColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" } as const;
    const edited = dropUniqueDefinition("t", { name: "UQ", columns: ["code"] })(dropForeignKeyDefinition("t", fk)(readTableDefinition("t", create)));
    expect(edited.columns.map((c) => c.sql)).toEqual([`"id" integer PRIMARY KEY`, `"p" integer`, `"code" text`]);
  });

  it("moves the primary key to a table constraint", () => {
    const edited = setPrimaryKey(["id", "code"])(readTableDefinition("t", create));
    expect(edited.columns[0]!.sql).toBe(`"id" integer`);
    expect(edited.constraints.map((c) => c.sql)).toEqual([`PRIMARY KEY ("id", "code")`]);
  });

  it("renames a named constraint; one without a name has none to rename; a missing name is refused", () => {
    const named = readTableDefinition("t", `CREATE TABLE "t" ("id" integer PRIMARY KEY, "code" text, CONSTRAINT "UQ_old" UNIQUE ("code"))`);
    expect(renameConstraintDefinition("t", "UQ_old", "UQ_new")(named).constraints.map((c) => [c.sql, c.facts.name])).toEqual([
      [`CONSTRAINT "UQ_new" UNIQUE ("code")`, "UQ_new"],
    ]);
    // SQLite reports the column's UNIQUE under a name derived from the table's: renaming the table renamed it.
    const unnamed = readTableDefinition("t", create);
    expect(renameConstraintDefinition("t", "UQ_derived_from_old_table", "UQ_new")(unnamed)).toBe(unnamed);
    expect(() => renameConstraintDefinition("t", "UQ_typo", "UQ_new")(named)).toThrow(`Table "t" has no constraint "UQ_typo" to rename.`);
  });

  it("refuses a table created from a SELECT", () => {
    expect(() => readTableDefinition("t", `CREATE TABLE t AS SELECT (1) AS x`)).toThrow(/no column list to edit/);
  });
});
