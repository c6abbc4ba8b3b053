import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/dialect/sleep";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, startCli, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

const LEASE_CONFIG = `runLock: "lease", leaseMs: 3000,`;

const runs = async (db: TestDatabase) => (await queryDb<{ n: string }>(db, `SELECT count(*) AS n FROM t_runs`))[0]!.n;

describe.each(DIALECTS.filter((d) => d === "postgres"))("the lease run lock on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  let started: string;
  let release: string;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, "lease");
    project = new TestProject(db, { configBody: LEASE_CONFIG });
    started = join(project.dir, "slow-started");
    release = join(project.dir, "slow-release");
    project.writeRevision({ id: rid("e0"), message: "runs", up: `await queryRunner.query("CREATE TABLE t_runs (who integer NOT NULL)");` });
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  /** A revision that says when it has begun, waits for the test's go (at most 30 s), then records which process ran it. */
  const writeSlow = () =>
    project.writeRevision({
      id: rid("e1"),
      down: rid("e0"),
      message: "slow",
      up:
        `require("node:fs").writeFileSync(${JSON.stringify(started)}, "");` +
        `for (let i = 0; i < 300 && !require("node:fs").existsSync(${JSON.stringify(release)}); i++) await new Promise((r) => setTimeout(r, 100));` +
        `await queryRunner.query("INSERT INTO t_runs (who) VALUES ($1)", [process.pid]);`,
    });

  it("4 concurrent runners apply each revision exactly once, and the lease is gone afterwards", async () => {
    for (const n of [1, 2, 3]) {
      project.writeRevision({ id: rid(`e${n}`), down: rid(`e${n - 1}`), message: `run ${n}`, up: `await queryRunner.query("INSERT INTO t_runs (who) VALUES (${n})");` });
    }
    const results = await Promise.all([1, 2, 3, 4].map(() => project.run(["upgrade", "heads"])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await runs(db)).toBe("3");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("e0"), rid("e1"), rid("e2"), rid("e3")]);
    expect(await queryDb(db, `SELECT * FROM "strata_version_lease"`)).toEqual([]);
  });

  it("a SIGKILLed holder's lease expires, and the next runner takes it over and applies the revision", async () => {
    expect((await project.run(["upgrade", rid("e0")])).code).toBe(0);
    writeSlow();
    const holder = startCli(project.dir, ["upgrade", "heads"]);
    while (!existsSync(started)) await sleep(50);
    holder.child.kill("SIGKILL");
    await holder.done;
    writeFileSync(release, "");
    const next = await project.run(["upgrade", "heads"]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/Waiting for the migration lock held by .* pid \d+ .*\(lease expire/);
    expect(await runs(db)).toBe("1");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("e0"), rid("e1")]);
  });

  it("a SIGSTOPped holder whose lease expired cannot commit when it resumes (fencing)", async () => {
    expect((await project.run(["upgrade", rid("e0")])).code).toBe(0);
    writeSlow();
    const holder = startCli(project.dir, ["upgrade", "heads"]);
    while (!existsSync(started)) await sleep(50);
    holder.child.kill("SIGSTOP");
    try {
      writeFileSync(release, "");
      const next = await project.run(["upgrade", "heads"]);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout).toContain("Applied 1 revision(s).");
    } finally {
      holder.child.kill("SIGCONT");
    }
    const resumed = await holder.done;
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain("This run lost the migration lease");
    const who = await queryDb<{ who: number }>(db, `SELECT who FROM t_runs`);
    expect(who).toHaveLength(1);
    expect(who[0]!.who).not.toBe(holder.child.pid);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("e0"), rid("e1")]);
  });
});

describe.each(DIALECTS.filter((d) => d === "sqlite"))("the lease run lock on %s", (dialect) => {
  it("is refused: SQLite has its lock database", async () => {
    const db = await createTestDatabase(dialect, "lease");
    const project = new TestProject(db, { configBody: LEASE_CONFIG });
    try {
      project.writeRevision({ id: rid("e0"), message: "runs" });
      const run = await project.run(["upgrade", "heads"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`runLock: "lease" is for PostgreSQL-compatible engines`);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});
