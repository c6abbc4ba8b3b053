import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

const src = JSON.stringify(join(REPO_ROOT, "src"));
/** A change SQLite makes by a rebuild (it drops a plain column in place). */
const widenColumn = (table: string, column: string) => {
  const spec = (length: number) => JSON.stringify({ name: column, type: "varchar", length, nullable: true });
  return `await require(${src}).alterColumn(queryRunner, "${table}", ${spec(20)}, ${spec(40)});`;
};

// Table rebuilds are SQLite's alone: PostgreSQL alters tables in place.
describe("the foreign key check of a SQLite table rebuild", () => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite", "fkcheck");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("f1"),
      up: ["fk_parent (id integer PRIMARY KEY, name varchar(20), extra varchar(20))", "fk_child (id integer PRIMARY KEY, parent_id integer REFERENCES fk_parent (id))", "other_parent (id integer PRIMARY KEY)", "other_child (id integer PRIMARY KEY, parent_id integer REFERENCES other_parent (id))"]
        .map((t) => `await queryRunner.query("CREATE TABLE ${t}");`)
        .join(" "),
    });
    expect((await project.run(["upgrade"])).code).toBe(0);
    // Written with foreign keys off (the sqlite3 module's default), as a careless tool would.
    await queryDb(db, "INSERT INTO fk_parent VALUES (1, 'a', 'x')");
    await queryDb(db, "INSERT INTO fk_child VALUES (1, 1)");
    await queryDb(db, "INSERT INTO other_child VALUES (1, 99)");
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("leaves a violation that was already there in another table alone", async () => {
    project.writeRevision({ id: rid("f2"), down: rid("f1"), up: widenColumn("fk_parent", "extra") });
    const run = await project.run(["upgrade"]);
    expect(run.stderr).not.toContain("other_child");
    expect(run.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("f1"), rid("f2")]);
  });

  it("names a violation already in the rebuilt table's children before anything runs", async () => {
    await queryDb(db, "INSERT INTO fk_child VALUES (2, 42)");
    project.writeRevision({ id: rid("f3"), down: rid("f2"), up: widenColumn("fk_parent", "name") });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot rebuild table "fk_parent": its foreign keys are already violated (1 row(s) of "fk_child" referencing missing rows of "fk_parent")`);
    expect(await queryDb(db, "SELECT name FROM fk_parent")).toEqual([{ name: "a" }]);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("f1"), rid("f2")]);
  });
});
