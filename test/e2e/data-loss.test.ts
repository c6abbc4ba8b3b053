import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, move, UsageError } from "../../src";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";

const src = JSON.stringify(join(REPO_ROOT, "src"));

describe.each(DIALECTS)("a downgrade that drops data on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "dataloss");
    project = new TestProject(db);
    project.writeRevision({ id: rid("d1"), up: `await queryRunner.query("CREATE TABLE dl_people (id integer PRIMARY KEY, name varchar(20))");`, downBody: `await queryRunner.query("DROP TABLE dl_people");` });
    project.writeRevision({
      id: rid("d2"),
      down: rid("d1"),
      up: `await require(${src}).addColumn(queryRunner, "dl_people", { name: "note", type: "varchar", length: 20, nullable: true });`,
      downBody: `await require(${src}).dropColumn(queryRunner, "dl_people", "note");`,
    });
    project.writeRevision({ id: rid("d3"), down: rid("d2"), up: `await queryRunner.query("CREATE TABLE dl_empty (id integer PRIMARY KEY)");`, downBody: `await queryRunner.query("DROP TABLE dl_empty");` });
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, "INSERT INTO dl_people (id, name, note) VALUES (1, 'a', 'x'), (2, 'b', 'y'), (3, 'c', NULL)");
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("names what an empty table's down() drops and goes ahead without --yes", async () => {
    const run = await project.run(["downgrade", "-1"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("This downgrade drops:\n  table dl_empty: 0 row(s)");
    expect(await tableNames(db)).not.toContain("dl_empty");
  });

  it("refuses on a non-TTY without --yes when dropped tables or columns hold rows, changing nothing", async () => {
    const base = await project.run(["downgrade", "base"]);
    expect(base.code).toBe(2);
    expect(base.stderr).toContain("table dl_people: 3 row(s)");
    expect(base.stderr).toContain("--yes");
    const column = await project.run(["downgrade", "-1"]);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain("column dl_people.note: 2 row(s) with a value");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("d1"), rid("d2")]);
    expect(await queryDb(db, "SELECT note FROM dl_people ORDER BY id")).toHaveLength(3);
  });

  it("the API refuses the same unless allowDataLoss says yes", async () => {
    const config = await loadConfig(join(project.dir, "ormconfig.ts"));
    await expect(move(config, "down", "-1")).rejects.toBeInstanceOf(UsageError);
    const asked: string[] = [];
    const outcome = await move(config, "down", "-1", {
      allowDataLoss: (loss) => {
        asked.push(...loss.columns.map((c) => `${c.table}.${c.column}=${c.rows}`));
        return true;
      },
    });
    expect(asked).toEqual(["dl_people.note=2"]);
    expect(outcome.steps.map((s) => s.revision)).toEqual([rid("d2")]);
  });

  it("goes ahead with --yes", async () => {
    const run = await project.run(["downgrade", "base", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("table dl_people: 3 row(s)");
    expect(await appliedRevisions(db)).toEqual([]);
  });
});

describe.each(DIALECTS)("the dry run that measures a downgrade on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  const ups = () => ((globalThis as Record<string, unknown>).__dryRunUps as number | undefined) ?? 0;
  const countUp = `(globalThis as any).__dryRunUps = ((globalThis as any).__dryRunUps ?? 0) + 1;`;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "dryruncopy");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("c1"),
      up: `${countUp} await queryRunner.query("CREATE TABLE dr_seed (id integer PRIMARY KEY, name varchar(20))"); await queryRunner.query("INSERT INTO dr_seed (id, name) VALUES (1, 'seeded')");`,
      downBody: `await queryRunner.query("DROP TABLE dr_seed");`,
    });
    project.writeRevision({
      id: rid("c2"),
      down: rid("c1"),
      up: `${countUp} await queryRunner.query("CREATE VIEW dr_names AS SELECT name FROM dr_seed"); await queryRunner.query("CREATE TABLE dr_plain (id integer PRIMARY KEY)");`,
      downBody: `await queryRunner.query("DROP TABLE dr_plain"); await queryRunner.query("DROP VIEW dr_names");`,
    });
    project.writeRevision({
      id: rid("c3"),
      down: rid("c2"),
      up: `${countUp} await queryRunner.query("CREATE TABLE dr_needs_seed (id integer PRIMARY KEY)");`,
      // A down() that needs the row c1's up() inserted: an empty copy of the schema lacks it.
      downBody: `const [row] = await queryRunner.query("SELECT name FROM dr_seed WHERE id = 1"); if (row?.name !== "seeded") throw new Error("the seed row is missing"); await queryRunner.query("DROP TABLE dr_needs_seed");`,
    });
    project.writeRevision({
      id: rid("c4"),
      down: rid("c3"),
      up: `${countUp} await queryRunner.query("CREATE TABLE dr_extra (id integer PRIMARY KEY)");`,
      downBody: `await queryRunner.query("DROP TABLE dr_extra");`,
    });
    expect((await project.run(["upgrade"])).code).toBe(0);
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("runs on a copy of the live schema, replaying the history only where no copy holds what the live one does", async () => {
    const config = await loadConfig(join(project.dir, "ormconfig.ts"));
    let from = ups();
    const upsSince = () => ups() - from;
    // Going down from c3 needs its seed row: on SQLite the copy's attempt fails and the replay (four ups) measures it.
    await move(config, "down", rid("c2"), { allowDataLoss: true });
    expect(upsSince()).toBe(4);
    from = ups();
    // The view c2's down() drops: SQLite copies it with the rest; PostgreSQL's copy is the schema model, which has no views, so it replays.
    const outcome = await move(config, "down", rid("c1"), { allowDataLoss: true });
    expect(outcome.steps.map((s) => s.revision)).toEqual([rid("c2")]);
    expect(upsSince()).toBe(dialect === "sqlite" ? 0 : 2);
    expect(await tableNames(db)).toContain("dr_seed");
    expect(await tableNames(db)).not.toContain("dr_plain");
    from = ups();
    // upgrade --sql, with tables only: both copy, and only the three pending ups run.
    const printed = await move(config, "up", "heads", { sql: true });
    expect(printed.sql?.join("\n")).toContain("CREATE VIEW dr_names");
    expect(upsSince()).toBe(3);
    expect(await tableNames(db)).not.toContain("dr_plain");
  });

  it("replays the history where no copy holds the live schema: a SQLite virtual table, a PostgreSQL function", async () => {
    const config = await loadConfig(join(project.dir, "ormconfig.ts"));
    await move(config, "up", "heads");
    // Without c2's view, only the object below keeps the schema from being copied.
    await queryDb(db, "DROP VIEW dr_names");
    await queryDb(
      db,
      dialect === "sqlite" ? "CREATE VIRTUAL TABLE dr_search USING fts5(body)" : "CREATE FUNCTION dr_answer() RETURNS integer LANGUAGE sql AS 'SELECT 42'",
    );
    const from = ups();
    const outcome = await move(config, "down", rid("c3"), { allowDataLoss: true });
    expect(outcome.steps.map((s) => s.revision)).toEqual([rid("c4")]);
    expect(ups() - from).toBe(4);
  });
});

describe.each(DIALECTS)("a downgrade that moves values on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "keptvalues");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("a1"),
      up: `await queryRunner.query("CREATE TABLE kv_people (id integer PRIMARY KEY, name varchar(20), note varchar(20))");`,
      downBody: `await queryRunner.query("DROP TABLE kv_people");`,
    });
    // A careless down(): the table made again under its name, empty.
    project.writeRevision({
      id: rid("a2"),
      down: rid("a1"),
      up: `await queryRunner.query("ALTER TABLE kv_people ADD COLUMN tag varchar(10)");`,
      downBody: `await queryRunner.query("DROP TABLE kv_people"); await queryRunner.query("CREATE TABLE kv_people (id integer PRIMARY KEY, name varchar(20), note varchar(20))");`,
    });
    // Renames three ways: strata's operation, TypeORM's (a table rebuild on SQLite), and of the table.
    project.writeRevision({
      id: rid("a3"),
      down: rid("a2"),
      up: `await require(${src}).renameColumn(queryRunner, "kv_people", "name", "full_name");`,
      downBody: `await require(${src}).renameColumn(queryRunner, "kv_people", "full_name", "name");`,
    });
    project.writeRevision({
      id: rid("a4"),
      down: rid("a3"),
      up: `await queryRunner.renameColumn("kv_people", "note", "remark");`,
      downBody: `await queryRunner.renameColumn("kv_people", "remark", "note");`,
    });
    project.writeRevision({
      id: rid("a5"),
      down: rid("a4"),
      up: `await queryRunner.renameTable("kv_people", "kv_persons");`,
      downBody: `await queryRunner.renameTable("kv_persons", "kv_people");`,
    });
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, "INSERT INTO kv_persons (id, full_name, remark, tag) VALUES (1, 'a', 'x', 't'), (2, 'b', NULL, NULL)");
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("goes ahead without --yes when down() only renames columns and tables: their values stay", async () => {
    const run = await project.run(["downgrade", rid("a2")]);
    expect(run.stderr).not.toContain("drops");
    expect(run.code).toBe(0);
    expect(await queryDb(db, "SELECT id, name, note, tag FROM kv_people ORDER BY id")).toEqual([
      { id: 1, name: "a", note: "x", tag: "t" },
      { id: 2, name: "b", note: null, tag: null },
    ]);
  });

  it("refuses a down() that drops a table and makes it again under the same name, naming its rows", async () => {
    const run = await project.run(["downgrade", "-1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("table kv_people: 2 row(s)");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("a1"), rid("a2")]);
  });
});
