import { spawn } from "node:child_process";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revisionChecksum } from "../../src/graph/revision-facts";
import { GROUP_BUDGET_MS } from "../../src/runtime/run-steps";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, runCli, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";

describe.each(DIALECTS)("upgrade and the version table on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "upgrade");
    project = new TestProject(db);
    project.writeRevision({ id: rid("a1"), message: "first", up: `await queryRunner.query("CREATE TABLE t_one (id integer PRIMARY KEY)");`, downBody: `await queryRunner.query("DROP TABLE t_one");` });
    project.writeRevision({ id: rid("a2"), down: rid("a1"), message: "second", up: `await queryRunner.query("CREATE TABLE t_two (id integer PRIMARY KEY)");`, downBody: `await queryRunner.query("DROP TABLE t_two");` });
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("applies the chain, records sha256 checksums, and reports the head", async () => {
    const run = await project.run(["upgrade"]);
    expect(run.stderr).toContain(`Upgrading to ${rid("a2")}`);
    expect(run.code).toBe(0);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["t_one", "t_two", "strata_version"]));
    const rows = await appliedRevisions(db);
    expect(rows.map((r) => r.revision)).toEqual([rid("a1"), rid("a2")]);
    const file = join(project.dir, "migrations", `${rid("a1")}_first.ts`);
    expect(rows[0]!.checksum.trim()).toBe(revisionChecksum(file));
    const current = await project.run(["current", "--json"]);
    expect(JSON.parse(current.stdout)).toEqual([{ revision: rid("a2"), branches: ["app"], message: "second", phase: "pre" }]);
  });

  it("does nothing the second time", async () => {
    const run = await project.run(["upgrade", "heads"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Nothing to do");
  });

  it("prints the SQL of a downgrade with --sql and changes nothing", async () => {
    const run = await project.run(["downgrade", "-1", "--sql"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/DROP TABLE t_two/);
    expect(run.stdout).toMatch(/DELETE FROM "strata_version"/);
    expect(await tableNames(db)).toContain("t_two");
    expect((await appliedRevisions(db)).length).toBe(2);
  });

  it("reverts one revision, then to base", async () => {
    expect((await project.run(["downgrade", "-1"])).code).toBe(0);
    expect(await tableNames(db)).not.toContain("t_two");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("a1")]);
    expect((await project.run(["downgrade", "base"])).code).toBe(0);
    expect(await tableNames(db)).not.toContain("t_one");
    expect(await appliedRevisions(db)).toEqual([]);
  });

  it("rolls back a revision that throws halfway, keeps earlier ones, and names the file", async () => {
    const bad = project.writeRevision({
      id: rid("a3"),
      down: rid("a2"),
      message: "breaks",
      up: `await queryRunner.query("CREATE TABLE t_half (id integer)"); throw new Error("boom in the middle");`,
    });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(rid("a3"));
    expect(run.stderr).toContain(`${rid("a3")}_breaks.ts`);
    expect(run.stderr).toContain("boom in the middle");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    // With --verbose the trace points into the TypeScript file (compiled with a source map only then).
    const verbose = await project.run(["upgrade", "--verbose"]);
    const line = readFileSync(bad, "utf8").split("\n").findIndex((l) => l.includes("boom in the middle")) + 1;
    expect(verbose.stderr).toContain(`${rid("a3")}_breaks.ts:${line}:`);
    expect(await tableNames(db)).not.toContain("t_half");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("a1"), rid("a2")]);
    unlinkSync(bad);
  });

  it("says which rows a failed statement tripped over, where the database says (PostgreSQL's DETAIL)", async () => {
    const bad = project.writeRevision({
      id: rid("a3"),
      down: rid("a2"),
      message: "unique names",
      up: [
        `await queryRunner.query("CREATE TABLE t_names (name varchar(20))");`,
        `await queryRunner.query("INSERT INTO t_names (name) VALUES ('ada'), ('ada')");`,
        `await queryRunner.query("CREATE UNIQUE INDEX uq_names ON t_names (name)");`,
      ].join(" "),
    });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(dialect === "postgres" ? `Key (name)=(ada) is duplicated.` : "UNIQUE constraint failed: t_names.name");
    expect(await tableNames(db)).not.toContain("t_names");
    unlinkSync(bad);
  });

  it("refuses an applied revision whose file was edited, unless its checksum is allowed", async () => {
    const file = join(project.dir, "migrations", `${rid("a1")}_first.ts`);
    const original = readFileSync(file, "utf8");
    const recorded = (await appliedRevisions(db))[0]!.checksum.trim();
    writeFileSync(file, `${original}\n// a comment is no edit\n`);
    expect((await project.run(["current"])).code).toBe(0);
    writeFileSync(file, `${original}\nexport const edited = true;\n`);
    const run = await project.run(["current"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${rid("a1")}_first.ts`);
    expect(run.stderr).toContain(recorded);
    project.writeConfig(`allowAlternateChecksums: { "${rid("a1")}": ["${recorded}"] },`);
    expect((await project.run(["current"])).code).toBe(0);
    writeFileSync(file, original);
    project.writeConfig("");
  });

  it("refuses an applied revision missing from the code (the database is newer), unless allowed", async () => {
    const file = join(project.dir, "migrations", `${rid("a2")}_second.ts`);
    const original = readFileSync(file, "utf8");
    unlinkSync(file);
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(rid("a2"));
    expect(run.stderr).toContain("newer than this code");
    project.writeConfig(`allowMissing: ["${rid("a2")}"],`);
    expect((await project.run(["current"])).code).toBe(0);
    writeFileSync(file, original);
    project.writeConfig("");
  });

  it("names a revision file with a syntax error", async () => {
    const file = join(project.dir, "migrations", `${rid("bad")}_broken.ts`);
    writeFileSync(file, "export default { revision: ;\n");
    const run = await project.run(["heads"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${rid("bad")}_broken.ts`);
    unlinkSync(file);
  });

  it("ignores .d.ts and .map files in a branch directory", async () => {
    writeFileSync(join(project.dir, "migrations", "types.d.ts"), "export declare const x: number;\n");
    writeFileSync(join(project.dir, "migrations", `${rid("a1")}_first.js.map`), "{}\n");
    const run = await project.run(["heads", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).map((h: { revision: string }) => h.revision)).toEqual([rid("a2")]);
  });
});

describe.each(DIALECTS)("failures and adoption on %s", (dialect) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "failures");
  });
  afterEach(() => db.drop());

  it("refuses a database with tables but no version table, pointing at adopt and stamp", async () => {
    await queryDb(db, "CREATE TABLE legacy (id integer PRIMARY KEY)");
    const project = new TestProject(db);
    project.writeRevision({ id: rid("b1"), up: `await queryRunner.query("CREATE TABLE legacy (id integer PRIMARY KEY)");` });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("`strata adopt -m baseline` for a database TypeORM built");
    expect(run.stderr).toContain("`strata stamp <revision>`");
    expect(await tableNames(db)).not.toContain("strata_version");
    const stamped = await project.run(["stamp", "heads"]);
    expect(stamped.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("b1")]);
    project.remove();
  });

  it("marks a failing transaction:false revision failed, refuses later runs, and resolve clears it", async () => {
    const project = new TestProject(db);
    project.writeRevision({ id: rid("b1") });
    project.writeRevision({ id: rid("b2"), down: rid("b1"), transaction: false, up: `throw new Error("half done");` });
    const first = await project.run(["upgrade"]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("strata resolve");
    expect((await appliedRevisions(db)).find((r) => r.revision === rid("b2"))?.state).toBe("failed");
    const again = await project.run(["upgrade"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${rid("b2")}`);
    expect(again.stderr).toContain("marked failed");
    const resolved = await project.run(["resolve", rid("b2"), "--applied"]);
    expect(resolved.code).toBe(0);
    expect((await appliedRevisions(db)).find((r) => r.revision === rid("b2"))?.state).toBe("applied");
    expect((await project.run(["upgrade"])).code).toBe(0);
    project.remove();
  });
});

describe.each(DIALECTS)("concurrent runners on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "concurrent");
    project = new TestProject(db);
    project.writeRevision({ id: rid("c0"), up: `await queryRunner.query("CREATE TABLE run_log (rev varchar(12))");` });
    let parent = rid("c0");
    for (let i = 1; i <= 6; i++) {
      const id = rid(`c${i}`);
      project.writeRevision({ id, down: parent, up: `await queryRunner.query("INSERT INTO run_log (rev) VALUES ('${id}')");` });
      parent = id;
    }
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("4 processes running upgrade heads apply every revision exactly once", async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => project.run(["upgrade", "heads"])));
    for (const run of runs) expect(run.stderr + run.stdout).not.toMatch(/database is locked/);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const log = await queryDb<{ rev: string; n: number | string }>(db, "SELECT rev, COUNT(*) AS n FROM run_log GROUP BY rev ORDER BY rev");
    expect(log.map((r) => [r.rev, Number(r.n)])).toEqual([1, 2, 3, 4, 5, 6].map((i) => [rid(`c${i}`), 1]));
    expect((await appliedRevisions(db)).length).toBe(7);
  });
});

describe.each(DIALECTS)("a killed run on %s", (dialect) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "killed");
  });
  afterEach(() => db.drop());

  /** Runs `upgrade` with d1 taking `d1Ms`, kills it while d2 hangs, and returns what the database recorded. */
  async function killedDuringSecond(project: TestProject, d1Ms: number): Promise<string[]> {
    project.writeRevision({ id: rid("d1"), up: `await queryRunner.query("CREATE TABLE k_one (id integer)"); await new Promise((r) => setTimeout(r, ${d1Ms}));` });
    project.writeRevision({
      id: rid("d2"),
      down: rid("d1"),
      up: `await queryRunner.query("CREATE TABLE k_two (id integer)"); if (process.env.STRATA_TEST_HANG) await new Promise((r) => setTimeout(r, 60000));`,
    });
    project.writeRevision({ id: rid("d3"), down: rid("d2"), up: `await queryRunner.query("CREATE TABLE k_three (id integer)");` });
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, "cli", "strata.js"), "upgrade"], {
        cwd: project.dir,
        env: { ...process.env, STRATA_TEST_HANG: "1" },
      });
      child.stderr.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes(`Upgrading to ${rid("d2")}`)) setTimeout(() => child.kill("SIGKILL"), 300);
      });
      child.on("exit", (_code, signal) => (signal === "SIGKILL" ? done() : fail(new Error(`exited without being killed`))));
    });
    const applied = (await appliedRevisions(db)).map((r) => r.revision);
    const tables = await tableNames(db);
    // At a recorded revision: a table exists exactly when the revision creating it is recorded.
    expect(tables.includes("k_one")).toBe(applied.includes(rid("d1")));
    expect(tables).not.toContain("k_two");
    const rerun = await project.run(["upgrade"]);
    expect(rerun.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("d1"), rid("d2"), rid("d3")]);
    return applied;
  }

  it("leaves the database at a recorded revision, and a re-run continues", async () => {
    const project = new TestProject(db);
    // d1 alone outlasts a commit group, so it was committed before d2 began.
    expect(await killedDuringSecond(project, GROUP_BUDGET_MS + 100)).toEqual([rid("d1")]);
    project.remove();
  });

  it("may lose the quick revisions of the group it was killed in, which the re-run applies", async () => {
    const project = new TestProject(db);
    expect(await killedDuringSecond(project, 0)).not.toContain(rid("d2"));
    project.remove();
  });
});

describe.each(DIALECTS)("a non-transactional index build with a waiting runner on %s", (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "concurrently");
  });
  afterAll(() => db.drop());

  it("finishes without deadlock and leaves a valid index", async () => {
    const project = new TestProject(db);
    const src = JSON.stringify(join(REPO_ROOT, "src"));
    project.writeRevision({ id: rid("e1"), up: `await queryRunner.query("CREATE TABLE items (id integer PRIMARY KEY, sku varchar(32))"); await queryRunner.query("INSERT INTO items VALUES (1, 'a'), (2, 'b')");` });
    // One file for both databases: the index build is the one step with no portable form.
    project.writeRevision({
      id: rid("e2"),
      down: rid("e1"),
      transaction: false,
      up: `const { forDialect } = require(${src});
        await forDialect(queryRunner, {
          postgres: ["SELECT pg_sleep(2)", "CREATE INDEX CONCURRENTLY items_sku ON items (sku)"],
          sqlite: async (qr: any) => { await new Promise((r) => setTimeout(r, 2000)); await qr.query("CREATE INDEX items_sku ON items (sku)"); },
        });`,
    });
    const first = project.run(["upgrade"]);
    await new Promise((r) => setTimeout(r, 1200));
    const second = project.run(["upgrade"]);
    const [a, b] = await Promise.all([first, second]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // The waiter says who holds the lock: a backend on PostgreSQL, a process on SQLite.
    expect(b.stderr).toMatch(dialect === "postgres" ? /Waiting for the migration lock held by backend pid \d+ \(strata on / : /Waiting for the migration lock held by process \d+ on /);
    if (dialect === "postgres") {
      const [index] = await queryDb<{ indisvalid: boolean }>(db, `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'items_sku'`);
      expect(index?.indisvalid).toBe(true);
    } else {
      expect(await queryDb(db, `SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'items_sku'`)).toHaveLength(1);
    }
    expect((await appliedRevisions(db)).map((r) => [r.revision, r.state])).toEqual([
      [rid("e1"), "applied"],
      [rid("e2"), "applied"],
    ]);
    project.remove();
  });
});

describe.each(DIALECTS)("a revision without a step for the dialect on %s", (dialect) => {
  it("fails naming the dialect, and nothing is applied", async () => {
    const db = await createTestDatabase(dialect, "fordialect");
    const project = new TestProject(db);
    const src = JSON.stringify(join(REPO_ROOT, "src"));
    const other = dialect === "sqlite" ? "postgres" : "sqlite";
    project.writeRevision({ id: rid("0f1"), up: `await require(${src}).forDialect(queryRunner, { ${other}: "CREATE TABLE only_there (id integer)" });` });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no step for ${dialect} (it has: ${other})`);
    expect(await tableNames(db)).not.toContain("only_there");
    project.remove();
    await db.drop();
  });
});

describe("connection errors", () => {
  it("never prints the password of an unreachable database URL", async () => {
    const fakeDb: TestDatabase = { dialect: "postgres", url: "postgres://app:s3cr3t-pw@127.0.0.1:1/nowhere", options: { type: "postgres" }, drop: async () => {} };
    const project = new TestProject(fakeDb);
    project.writeRevision({ id: rid("f1") });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot connect to postgres://app:***@127.0.0.1:1/nowhere");
    expect(run.stdout + run.stderr).not.toContain("s3cr3t-pw");
    const verbose = await project.run(["upgrade", "--verbose"]);
    expect(verbose.stdout + verbose.stderr).not.toContain("s3cr3t-pw");
    project.remove();
  });

  it("exits 2 on usage errors", async () => {
    const run = await runCli(REPO_ROOT, ["no-such-command"]);
    expect(run.code).toBe(2);
  });
});
