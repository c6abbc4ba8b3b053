import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, tableNames } from "../support/query";

const create = (table: string) => `await queryRunner.query("CREATE TABLE ${table} (id integer PRIMARY KEY)");`;
const drop = (table: string) => `await queryRunner.query("DROP TABLE ${table}");`;

describe.each(DIALECTS)("transaction modes, relative targets, --sql and merges on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "modes");
    project = new TestProject(db);
    project.writeRevision({ id: rid("1a"), up: create("m_one"), downBody: drop("m_one") });
    project.writeRevision({ id: rid("1b"), down: rid("1a"), up: create("m_two"), downBody: drop("m_two") });
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it('transactionMode "all" rolls back every revision of the run when one fails', async () => {
    project.writeConfig(`transactionMode: "all",`);
    project.writeRevision({ id: rid("1c"), down: rid("1b"), up: `${create("m_three")} throw new Error("third fails");` });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("third fails");
    const tables = await tableNames(db);
    expect(tables).not.toContain("m_one");
    expect(tables).not.toContain("m_three");
    expect(tables.includes("strata_version") ? await appliedRevisions(db) : []).toEqual([]);
  });

  it('transactionMode "each" keeps the revisions before the one that failed', async () => {
    project.writeRevision({ id: rid("1c"), down: rid("1b"), up: `${create("m_three")} throw new Error("third fails");` });
    expect((await project.run(["upgrade"])).code).toBe(1);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b")]);
    expect(await tableNames(db)).not.toContain("m_three");
  });

  it('transactionMode "each" undoes a revision that leaves a row pointing at a missing parent, keeping the ones before it', async () => {
    project.writeRevision({
      id: rid("1c"),
      down: rid("1b"),
      up: `await queryRunner.query("CREATE TABLE m_child (id integer PRIMARY KEY, one_id integer REFERENCES m_one (id))"); await queryRunner.query("INSERT INTO m_child VALUES (1, 42)");`,
    });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    // SQLite runs with foreign keys off, so strata's own check finds the row; PostgreSQL refuses the INSERT.
    expect(run.stderr).toMatch(dialect === "sqlite" ? /Foreign key check failed in m_child \(references m_one\)/ : /foreign key constraint/);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b")]);
    expect(await tableNames(db)).not.toContain("m_child");
  });

  it('transactionMode "each" still finds a row pointing at a missing parent written after revisions that sent nothing', async () => {
    project.writeRevision({ id: rid("1c"), down: rid("1b"), up: `await queryRunner.query("CREATE TABLE m_child (id integer PRIMARY KEY, one_id integer REFERENCES m_one (id))");` });
    // Two revisions that send no statement (as a merge point), then one that only writes a row: no schema change to give it away.
    project.writeRevision({ id: rid("1d"), down: rid("1c"), up: "" });
    project.writeRevision({ id: rid("1e"), down: rid("1d"), up: "" });
    project.writeRevision({ id: rid("1f"), down: rid("1e"), up: `await queryRunner.query("INSERT INTO m_child VALUES (1, 42)");` });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(rid("1f"));
    expect(run.stderr).toMatch(dialect === "sqlite" ? /Foreign key check failed in m_child \(references m_one\)/ : /foreign key constraint/);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b"), rid("1c"), rid("1d"), rid("1e")]);
  });

  it('transactionMode "all" checks foreign keys at its one commit, so a later revision may supply the parent', async () => {
    project.writeConfig(`transactionMode: "all",`);
    const deferred = "REFERENCES m_one (id) DEFERRABLE INITIALLY DEFERRED";
    project.writeRevision({
      id: rid("1c"),
      down: rid("1b"),
      up: `await queryRunner.query("CREATE TABLE m_child (id integer PRIMARY KEY, one_id integer ${deferred})"); await queryRunner.query("INSERT INTO m_child VALUES (1, 42)");`,
    });
    project.writeRevision({ id: rid("1d"), down: rid("1c"), up: `await queryRunner.query("INSERT INTO m_one VALUES (42)");` });
    const run = await project.run(["upgrade"]);
    expect(run.code, run.stderr).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b"), rid("1c"), rid("1d")]);
  });

  it('transactionMode "none" leaves a failed mark naming the revision', async () => {
    project.writeConfig(`transactionMode: "none",`);
    project.writeRevision({ id: rid("1c"), down: rid("1b"), up: `throw new Error("no transaction here");` });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`strata resolve ${rid("1c")}`);
    expect((await appliedRevisions(db)).map((r) => [r.revision, r.state])).toEqual([
      [rid("1a"), "applied"],
      [rid("1b"), "applied"],
      [rid("1c"), "failed"],
    ]);
    expect((await project.run(["resolve", rid("1c"), "--rolled-back"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b")]);
  });

  it("moves by +N and -N, and prints upgrade SQL with --sql without changing anything", async () => {
    const sql = await project.run(["upgrade", "--sql"]);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain("CREATE TABLE m_one");
    expect(sql.stdout).toContain("CREATE TABLE m_two");
    expect(sql.stdout).toMatch(/INSERT INTO "strata_version"/);
    expect(await tableNames(db)).toEqual([]);
    expect((await project.run(["upgrade", "+1"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a")]);
    expect((await project.run(["upgrade", "app@+1"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b")]);
    expect((await project.run(["downgrade", "-2"])).code).toBe(0);
    expect(await appliedRevisions(db)).toEqual([]);
  });

  it("merges two heads of one branch, and upgrade runs through the merge", async () => {
    project.writeRevision({ id: rid("2a"), down: rid("1b"), up: create("m_left"), downBody: drop("m_left") });
    project.writeRevision({ id: rid("2b"), down: rid("1b"), up: create("m_right"), downBody: drop("m_right") });
    const ambiguous = await project.run(["revision", "-m", "next"]);
    expect(ambiguous.code).toBe(2);
    // --rev-id follows the loader's rule: nothing written outside the branch directory, no id the loader ignores, no duplicate.
    for (const bad of ["../../../../escaped", "ABCDEF012345", rid("1a")]) {
      const refused = await project.run(["merge", rid("2a"), rid("2b"), "-m", "join", "--rev-id", bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toContain("--rev-id");
    }
    expect(readdirSync(join(project.dir, "migrations")).sort()).toEqual([rid("1a"), rid("1b"), rid("2a"), rid("2b")].map((id) => expect.stringMatching(new RegExp(`^${id}_`))));
    expect(readdirSync(project.dir).filter((f) => f.includes("escaped"))).toEqual([]);
    const merged = await project.run(["merge", rid("2a"), rid("2b"), "-m", "join", "--rev-id", rid("3a")]);
    expect(merged.code).toBe(0);
    const heads = JSON.parse((await project.run(["heads", "--json"])).stdout);
    expect(heads.map((h: { revision: string }) => h.revision)).toEqual([rid("3a")]);
    expect((await project.run(["upgrade", "head"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b"), rid("2a"), rid("2b"), rid("3a")]);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["m_left", "m_right"]));
  });

  it("stamp --purge replaces whatever the table recorded", async () => {
    expect((await project.run(["stamp", rid("1b")])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a"), rid("1b")]);
    expect((await project.run(["stamp", rid("1a"), "--purge"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("1a")]);
    expect(await tableNames(db)).toEqual(["strata_version"]);
  });
});
