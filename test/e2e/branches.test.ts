import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";

const PLUGIN_CONFIG = `plugins: [{ name: "fsm", entities: [] }],`;

describe.each(DIALECTS)("app and plugin branches on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "branches");
    project = new TestProject(db, { configBody: PLUGIN_CONFIG });
    project.writeRevision({ id: rid("aa1"), message: "users", up: `await queryRunner.query("CREATE TABLE users (id integer PRIMARY KEY)");`, downBody: `await queryRunner.query("DROP TABLE users");` });
    project.writeRevision({ id: rid("aa2"), down: rid("aa1"), message: "chats", up: `await queryRunner.query("CREATE TABLE chats (id integer PRIMARY KEY)");`, downBody: `await queryRunner.query("DROP TABLE chats");` });
    project.writeRevision(
      {
        id: rid("ff1"),
        branchLabels: ["fsm"],
        dependsOn: [rid("aa2")],
        message: "fsm storage",
        up: `await queryRunner.query("CREATE TABLE fsm_data (chat_id integer REFERENCES chats (id), state varchar(255))");`,
        downBody: `await queryRunner.query("DROP TABLE fsm_data");`,
      },
      "migrations/fsm",
    );
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("lists one head per branch and the branches, without a database", async () => {
    const heads = JSON.parse((await project.run(["heads", "--json"])).stdout);
    expect(heads.map((h: { revision: string; branches: string[] }) => [h.revision, h.branches])).toEqual(
      expect.arrayContaining([
        [rid("aa2"), ["app"]],
        [rid("ff1"), ["fsm"]],
      ]),
    );
    const branches = JSON.parse((await project.run(["branches", "--json"])).stdout);
    expect(branches.map((b: { label: string }) => b.label).sort()).toEqual(["app", "fsm"]);
  });

  it("refuses a bare `head` when there are two heads, naming the L@head forms", async () => {
    const run = await project.run(["upgrade", "head"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("app@head");
    expect(run.stderr).toContain("fsm@head");
  });

  it("upgrades one branch with L@head, pulling in its dependsOn", async () => {
    const run = await project.run(["upgrade", "fsm@head"]);
    expect(run.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision).sort()).toEqual([rid("aa1"), rid("aa2"), rid("ff1")]);
    const current = JSON.parse((await project.run(["current", "--json"])).stdout);
    expect(current.map((c: { revision: string }) => c.revision).sort()).toEqual([rid("aa2"), rid("ff1")]);
  });

  it("reverting the plugin branch never touches the app branch", async () => {
    expect((await project.run(["downgrade", "fsm@base"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1"), rid("aa2")]);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["users", "chats"]));
    expect(await tableNames(db)).not.toContain("fsm_data");
  });

  it("reverting an app revision a plugin revision depends on takes the plugin revision down first, and says so", async () => {
    expect((await project.run(["upgrade", "heads"])).code).toBe(0);
    const run = await project.run(["downgrade", "app@-1"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Reverting ${rid("ff1")} first: it depends on ${rid("aa2")}`);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1")]);
  });

  it("stamp heads records every branch and never drops another branch's row", async () => {
    expect((await project.run(["upgrade", "heads"])).code).toBe(0);
    expect((await project.run(["stamp", "app@head"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1"), rid("aa2"), rid("ff1")]);
    expect((await project.run(["stamp", "heads"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1"), rid("aa2"), rid("ff1")]);
  });

  it("history marks applied revisions, newest first", async () => {
    expect((await project.run(["downgrade", "fsm@-1"])).code).toBe(0);
    const history = JSON.parse((await project.run(["history", "--json"])).stdout);
    const applied = Object.fromEntries(history.map((h: { revision: string; applied: boolean }) => [h.revision, h.applied]));
    expect(applied).toEqual({ [rid("aa1")]: true, [rid("aa2")]: true, [rid("ff1")]: false });
    expect(history.findIndex((h: { revision: string }) => h.revision === rid("aa2"))).toBeLessThan(
      history.findIndex((h: { revision: string }) => h.revision === rid("aa1")),
    );
  });

  it("creates hand-written revisions on a branch head, and a new plugin base", async () => {
    const created = await project.run(["revision", "-m", "add topics", "--head", "app@head", "--rev-id", rid("aa3")]);
    expect(created.code).toBe(0);
    const file = readdirSync(join(project.dir, "migrations")).find((f) => f.startsWith(rid("aa3")));
    expect(file).toBe(`${rid("aa3")}_add_topics.ts`);
    const text = readFileSync(join(project.dir, "migrations", file!), "utf8");
    expect(text).toContain(`downRevision: "${rid("aa2")}"`);
    const show = await project.run(["show", rid("aa3").slice(0, 6), "--json"]);
    expect(JSON.parse(show.stdout).downRevision).toEqual([rid("aa2")]);
    const spliceRefused = await project.run(["revision", "-m", "sideways", "--head", rid("aa1")]);
    expect(spliceRefused.code).toBe(2);
    expect(spliceRefused.stderr).toContain("--splice");
  });

  it("refuses an ambiguous revision prefix, listing the candidates", async () => {
    const other = new TestProject(db);
    other.writeRevision({ id: "abcd10000000" });
    other.writeRevision({ id: "abcd20000000", down: "abcd10000000" });
    const run = await other.run(["show", "abcd"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("abcd10000000");
    expect(run.stderr).toContain("abcd20000000");
    expect((await other.run(["show", "abcd2", "--json"])).code).toBe(0);
    other.remove();
  });

  it("refuses a cycle, naming the revisions", async () => {
    const other = new TestProject(db);
    other.writeRevision({ id: rid("cc1"), down: rid("cc2") });
    other.writeRevision({ id: rid("cc2"), down: rid("cc1") });
    const run = await other.run(["heads"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(rid("cc1"));
    expect(run.stderr.toLowerCase()).toContain("cycle");
    other.remove();
  });

  it("downgrade last reverts the most recently applied revision, whatever its branch, and what depends on it first, named", async () => {
    expect((await project.run(["upgrade", "fsm@head"])).code).toBe(0);
    const plugin = await project.run(["downgrade", "last"]);
    expect(plugin.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1"), rid("aa2")]);
    expect((await project.run(["upgrade", "fsm@head"])).code).toBe(0);
    // aa2 becomes the newest row, as if applied after the plugin's revision that depends on it.
    await queryDb(db, `UPDATE "strata_version" SET "applied_at" = '2999-01-01T00:00:00.000Z' WHERE "revision" = '${rid("aa2")}'`);
    const app = await project.run(["downgrade", "last"]);
    expect(app.code).toBe(0);
    expect(app.stderr).toContain(`Reverting ${rid("ff1")} first: it depends on ${rid("aa2")}`);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1")]);
    expect((await project.run(["downgrade", "fsm@last"])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("aa1")]);
  });
});
