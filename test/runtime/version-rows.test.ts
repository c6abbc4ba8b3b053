import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";

// A run sends each revision's version row with the next revision's savepoint, or before
// the commit, as a statement with its values quoted in (CommitGroup.send).

const create = (table: string) => `await queryRunner.query(${JSON.stringify(`CREATE TABLE "${table.replace(/"/g, '""')}" (id integer PRIMARY KEY)`)});`;
/** The revision writes its own version row first, so strata's cannot be written: as if another run had. */
const recordsItself = (id: string) =>
  `await queryRunner.query("INSERT INTO strata_version (revision, branch, checksum, state) VALUES ('${id}', 'app', '${"0".repeat(64)}', 'applied')");`;

describe.each(DIALECTS)("version rows sent in the next script on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "version_rows");
    project = new TestProject(db);
    project.writeRevision({ id: rid("1a"), up: create("t_one") });
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("records each revision's new tables exactly, quotes and backslashes included, and a downgrade removes the rows", async () => {
    const odd = `o'brien\\n"x`;
    project.writeRevision({ id: rid("1b"), down: rid("1a"), up: create(odd) });
    project.writeRevision({ id: rid("1c"), down: rid("1b"), up: create("t_three") });
    expect((await project.run(["upgrade"])).code).toBe(0);
    const rows = await queryDb<{ revision: string; tables_added: string }>(db, `SELECT "revision", "tables_added" FROM "strata_version" ORDER BY "revision"`);
    expect(rows.map((r) => [r.revision, JSON.parse(r.tables_added)])).toEqual([
      [rid("1a"), ["t_one"]],
      [rid("1b"), [odd]],
      [rid("1c"), ["t_three"]],
    ]);
    expect((await project.run(["downgrade", rid("1a")])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a")]);
  });

  it.each([
    ["with the next revision's savepoint", true],
    ["just before the commit (it is the last)", false],
  ])("undoes a revision whose version row cannot be written %s, keeping the ones before it", async (_, followed) => {
    project.writeRevision({ id: rid("1b"), down: rid("1a"), up: `${create("t_two")} ${recordsItself(rid("1b"))}` });
    if (followed) project.writeRevision({ id: rid("1c"), down: rid("1b"), up: create("t_three") });
    const run = await project.run(["upgrade"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/UNIQUE constraint failed|duplicate key/);
    const tables = await tableNames(db);
    expect(tables).toContain("t_one");
    expect(tables.filter((t) => t === "t_two" || t === "t_three")).toEqual([]);
    // The row 1b wrote itself was undone with it; 1a's stands.
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a")]);
  });
});
