import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revisionChecksum } from "../../src/graph/revision-facts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { type RevisionSpec, rid, TestProject } from "../support/project";
import { queryDb, tableNames } from "../support/query";

const PLUGIN_CONFIG = `plugins: [{ name: "fsm", entities: [] }],`;
const create = (table: string) => `await queryRunner.query("CREATE TABLE ${table} (id integer PRIMARY KEY)");`;

/** Old code: the base of each branch. New code adds pre1 → post1 → pre2 on the app branch and a post revision on the plugin's. */
const OLD: readonly [RevisionSpec, string][] = [
  [{ id: rid("a0"), message: "base", up: create("t_base") }, "migrations"],
  [{ id: rid("f0"), branchLabels: ["fsm"], message: "fsm base", up: create("fsm_base") }, "migrations/fsm"],
];
const NEW: readonly [RevisionSpec, string][] = [
  ...OLD,
  [{ id: rid("a1"), down: rid("a0"), phase: "pre", message: "expand: new table", up: create("t_pre1") }, "migrations"],
  [{ id: rid("a2"), down: rid("a1"), phase: "post", message: "contract: drop the old", up: create("t_post1") }, "migrations"],
  [{ id: rid("a3"), down: rid("a2"), phase: "pre", message: "next expand", up: create("t_pre2") }, "migrations"],
  [{ id: rid("f1"), down: rid("f0"), phase: "post", message: "fsm contract", up: create("fsm_post") }, "migrations/fsm"],
];

const phases = async (db: TestDatabase) =>
  Object.fromEntries(
    (await queryDb<{ revision: string; phase: string | null }>(db, `SELECT "revision", "phase" FROM "strata_version"`)).map((r) => [r.revision, r.phase]),
  );

describe.each(DIALECTS)("expand and contract on %s", (dialect) => {
  let db: TestDatabase;
  let oldCode: TestProject;
  let newCode: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "phases");
    oldCode = new TestProject(db, { configBody: PLUGIN_CONFIG });
    newCode = new TestProject(db, { configBody: PLUGIN_CONFIG });
    for (const [spec, dir] of OLD) oldCode.writeRevision(spec, dir);
    for (const [spec, dir] of NEW) newCode.writeRevision(spec, dir);
    expect((await oldCode.run(["upgrade", "heads"])).code).toBe(0);
  });
  afterAll(async () => {
    oldCode.remove();
    newCode.remove();
    await db.drop();
  });

  it("upgrade heads --phase pre applies the pre revisions and stops before each branch's first post revision, saying what it left", async () => {
    const run = await newCode.run(["upgrade", "heads", "--phase", "pre"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Applied 1 revision(s).");
    expect(run.stdout).toContain("Left for after the roll-out (3 revision(s)");
    for (const id of [rid("a2"), rid("a3"), rid("f1")]) expect(run.stdout).toContain(id);
    expect(run.stdout).toContain("$ strata upgrade heads --phase post");
    expect(await tableNames(db)).toContain("t_pre1");
    expect(await tableNames(db)).not.toContain("t_post1");
    expect(await phases(db)).toEqual({ [rid("a0")]: null, [rid("f0")]: null, [rid("a1")]: "pre" });
  });

  it("current, history and check show the phases", async () => {
    const current = JSON.parse((await newCode.run(["current", "--json"])).stdout);
    expect(current).toEqual(
      expect.arrayContaining([expect.objectContaining({ revision: rid("a1"), phase: "pre" }), expect.objectContaining({ revision: rid("f0"), phase: "pre" })]),
    );
    const history = await newCode.run(["history"]);
    expect(history.stdout).toContain(`[ ] ${rid("a1")} -> ${rid("a2")} (app) [post], contract: drop the old`);
    expect(history.stdout).toContain(`[ ] ${rid("f0")} -> ${rid("f1")} (fsm) [post], fsm contract`);
    expect(history.stdout).toContain(`[x] ${rid("a0")} -> ${rid("a1")} (app), expand: new table`);
    expect(JSON.parse((await newCode.run(["history", "--json"])).stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ revision: rid("a2"), phase: "post", applied: false })]),
    );
    const check = await newCode.run(["check", "--json"]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).pendingPhases).toEqual({ [rid("a2")]: "post", [rid("a3")]: "pre", [rid("f1")]: "post" });
    expect((await newCode.run(["check"])).stdout).toContain(`Not applied: ${rid("a2")} [post]`);
  });

  it("old code keeps running while every revision it does not know is a pre revision", async () => {
    const current = await oldCode.run(["current"]);
    expect(current.code).toBe(0);
    const upgrade = await oldCode.run(["upgrade", "heads"]);
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toContain("Nothing to do");
    // And the new code's replicas have what they need: post revisions are not waited for.
    const wait = await newCode.run(["wait", "--timeout", "1"]);
    expect(wait.code).toBe(0);
    expect(wait.stdout).toContain("Nothing to wait for");
  });

  it("plain upgrade heads applies the rest; then old code is refused, naming the post revision", async () => {
    const run = await newCode.run(["upgrade", "heads", "--phase", "post"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Applied 3 revision(s).");
    expect(run.stdout).not.toContain("Left for");
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["t_post1", "t_pre2", "fsm_post"]));
    expect(await phases(db)).toMatchObject({ [rid("a2")]: "post", [rid("a3")]: "pre", [rid("f1")]: "post" });
    for (const args of [["current"], ["upgrade", "heads"], ["wait", "--timeout", "1"]]) {
      const refused = await oldCode.run(args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`post revision (${rid("a2")}|${rid("f1")}) \\(branch (app|fsm)\\) applied, but no revision file has it`));
    }
  });

  it("revision --phase post writes a post revision; a bad phase in a file is refused on load", async () => {
    const run = await newCode.run(["revision", "-m", "drop more", "--head", "app@head", "--phase", "post", "--rev-id", rid("a4")]);
    expect(run.code).toBe(0);
    const file = run.stdout.split(": ").pop()!.trim();
    expect(readFileSync(file, "utf8")).toContain(`phase: "post",`);
    expect(JSON.parse((await newCode.run(["show", rid("a4"), "--json"])).stdout).phase).toBe("post");
    newCode.writeFile(join("migrations", `${rid("a5")}_bad.ts`), readFileSync(file, "utf8").replace(rid("a4"), rid("a5")).replace(`"post"`, `"later"`));
    const bad = await newCode.run(["heads"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`phase must be "pre" or "post", got "later"`);
  });
});

describe.each(DIALECTS)("a version table from before phases on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "phases_old_table");
    project = new TestProject(db);
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("is read as declaring no phase, and gains the column on the first run that writes", async () => {
    const base = project.writeRevision({ id: rid("b0"), message: "base", up: create("t_base") });
    project.writeRevision({ id: rid("b1"), down: rid("b0"), phase: "post", message: "post", up: create("t_next") });
    const timestamp = dialect === "postgres" ? "timestamptz NOT NULL DEFAULT now()" : "datetime NOT NULL DEFAULT CURRENT_TIMESTAMP";
    await queryDb(db, `CREATE TABLE t_base (id integer PRIMARY KEY)`);
    await queryDb(
      db,
      `CREATE TABLE "strata_version" ("revision" varchar(12) PRIMARY KEY, "branch" varchar(255) NOT NULL, "checksum" char(64) NOT NULL, ` +
        `"state" varchar(16) NOT NULL DEFAULT 'applied', "tables_added" text NOT NULL DEFAULT '[]', "applied_at" ${timestamp})`,
    );
    await queryDb(db, `INSERT INTO "strata_version" ("revision", "branch", "checksum") VALUES ('${rid("b0")}', 'app', '${revisionChecksum(base)}')`);
    const current = await project.run(["current", "--json"]);
    expect(current.code).toBe(0);
    expect(JSON.parse(current.stdout).map((h: { revision: string }) => h.revision)).toEqual([rid("b0")]);
    expect((await project.run(["upgrade", "heads"])).code).toBe(0);
    expect(await phases(db)).toEqual({ [rid("b0")]: null, [rid("b1")]: "post" });
  });
});
