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
