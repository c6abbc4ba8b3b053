import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

describe.each(DIALECTS)("consistency checks on connect on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "consistency");
    project = new TestProject(db);
    project.writeRevision({ id: rid("c1") });
    project.writeRevision({ id: rid("c2"), down: rid("c1") });
    project.writeRevision({ id: rid("c3"), down: rid("c2") });
    expect((await project.run(["upgrade"])).code).toBe(0);
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("refuses an applied set with a gap, naming the revision and the stamp that repairs it", async () => {
    await queryDb(db, `DELETE FROM "strata_version" WHERE "revision" = '${rid("c2")}'`);
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`records ${rid("c3")} as applied but not ${rid("c2")}`);
    expect(run.stderr).toContain(`strata stamp ${rid("c3")}`);
    expect((await project.run(["stamp", rid("c3")])).code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("c1"), rid("c2"), rid("c3")]);
    expect((await project.run(["current"])).code).toBe(0);
  });

  it("names the table, column and revision of a corrupt version-table value, as JSON with --json", async () => {
    await queryDb(db, `UPDATE "strata_version" SET "tables_added" = 'not json' WHERE "revision" = '${rid("c1")}'`);
    const run = await project.run(["current", "--json"]);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`version table strata_version is corrupt: column tables_added of revision ${rid("c1")} holds "not json"`);
    await queryDb(db, `UPDATE "strata_version" SET "tables_added" = '[]' WHERE "revision" = '${rid("c1")}'`);
    expect((await project.run(["current", "--json"])).code).toBe(0);
  });

  it("prints usage errors as JSON with --json, and refuses a lockTimeoutMs that is not a number of milliseconds", async () => {
    const usage = await project.run(["upgrade", "--json", "--no-such-option"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.exitCode).toBe(2);
    project.writeConfig("lockTimeoutMs: NaN,");
    const nan = await project.run(["current"]);
    expect(nan.code).toBe(2);
    expect(nan.stderr).toContain("lockTimeoutMs in ");
    expect(nan.stderr).toContain("is NaN");
    project.writeConfig("");
  });
});
