import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataSource, type Logger } from "typeorm";
import { diffSchemas } from "../../src/diff";
import { type Operation, subjectOf } from "../../src/operations";
import { renderRevision } from "../../src/render";
import { column, EMPTY, fk, id, schema, table } from "../diff/builders";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { countRows, foreignKeysOf } from "./catalog";
import { IMPORT_FROM, RevisionDir, runRevision } from "./harness";

/*
 * Three tables that each widen a column and change a foreign key's ON DELETE (a drop and
 * an add); beta's key references alpha, whose change touches no referenced column.
 */
const hub = table("hub", [id()]);
const tables = (length: number, onDelete: "NO ACTION" | "CASCADE") => [
  hub,
  table("alpha", [id(), column("name", "varchar", { length }), column("hub_id", "integer")], {
    foreignKeys: [fk("FK_alpha_hub", ["hub_id"], "hub", ["id"], { onDelete })],
  }),
  table("beta", [id(), column("name", "varchar", { length }), column("alpha_id", "integer")], {
    foreignKeys: [fk("FK_beta_alpha", ["alpha_id"], "alpha", ["id"], { onDelete })],
  }),
  table("gamma", [id(), column("name", "varchar", { length }), column("beta_id", "integer")], {
    foreignKeys: [fk("FK_gamma_beta", ["beta_id"], "beta", ["id"], { onDelete })],
  }),
];
const V1 = schema(tables(10, "NO ACTION"));
const V2 = schema(tables(20, "CASCADE"));

const subjects = (ops: readonly Operation[]) => ops.map((op) => subjectOf(op).name);

describe("foreign keys dropped and added with their table's changes", () => {
  it("keep each table's operations together when no other table's change must come between", () => {
    expect(subjects(diffSchemas(V1, V2))).toEqual(["alpha", "alpha", "alpha", "beta", "beta", "beta", "gamma", "gamma", "gamma"]);
  });

  it("wait for the referenced table's change when it touches the referenced columns or uniques", () => {
    // child comes first: its key goes with its (empty) group, before parent's change; the new key after it.
    const moved = (code: string) => schema([
      table("child", [id(), column("parent_code", "integer")], { foreignKeys: [fk("FK_child_parent", ["parent_code"], "parent", [code])] }),
      table("parent", [id(), column("code", "integer"), column("code2", "integer")], { uniques: [{ name: `UQ_parent_${code}`, columns: [code] }] }),
    ]);
    expect(diffSchemas(moved("code"), moved("code2")).map((op) => `${op.kind} ${subjectOf(op).name}`)).toEqual([
      "dropForeignKey child",
      "dropUnique parent",
      "addUnique parent",
      "addForeignKey child",
    ]);
  });
});

describe.each(DIALECTS)("one rebuild per table per revision on %s", (dialect) => {
  let db: TestDatabase;
  let ds: DataSource;
  const revisions = new RevisionDir();
  const executed: string[] = [];
  const logger: Logger = {
    logQuery: (query) => void executed.push(query),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  const render = (revision: string, ops: Operation[]) => revisions.load(renderRevision({ revision, downRevision: null, message: revision, ops, importFrom: IMPORT_FROM }).text);
  const createTables = () => executed.filter((sql) => /^\s*CREATE TABLE/i.test(sql));

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "one rebuild");
    ds = await new DataSource({ ...db.options, logging: true, logger }).initialize();
    await runRevision(ds, render("c00000000001", diffSchemas(EMPTY, V1)), "up");
    for (const sql of [
      `INSERT INTO "hub" ("id") VALUES (1)`,
      `INSERT INTO "alpha" ("name", "hub_id") VALUES ('a', 1)`,
      `INSERT INTO "beta" ("name", "alpha_id") VALUES ('b', 1)`,
      `INSERT INTO "gamma" ("name", "beta_id") VALUES ('c', 1)`,
    ]) {
      await ds.query(sql);
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    revisions.remove();
  });

  it("rebuilds each changed table once on SQLite, upgrading and downgrading, and keeps the rows", async () => {
    const change = render("c00000000002", diffSchemas(V1, V2));
    for (const [direction, onDelete] of [["up", "CASCADE"], ["down", "NO ACTION"]] as const) {
      executed.length = 0;
      await runRevision(ds, change, direction);
      const rebuilt = createTables().map((sql) => /^\s*CREATE TABLE "strata_rebuild_(\w+)"/.exec(sql)?.[1]).sort();
      expect(rebuilt).toEqual(dialect === "sqlite" ? ["alpha", "beta", "gamma"] : []);
      for (const name of ["alpha", "beta", "gamma"]) {
        expect(await countRows(ds, name)).toBe(1);
        expect((await foreignKeysOf(ds, name)).map((k) => k.onDelete)).toEqual([onDelete]);
      }
    }
  });
});
