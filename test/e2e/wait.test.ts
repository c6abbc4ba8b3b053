import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, migrate, StrataError } from "../../src";
import { sleep } from "../../src/dialect/sleep";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { type CliResult, rid, startCli, TestProject } from "../support/project";
import { appliedRevisions } from "../support/query";

/** The revisions whose rows are in the version table right now (read outside strata). */
const appliedNow = async (db: TestDatabase) => (await appliedRevisions(db)).filter((r) => r.state === "applied").map((r) => r.revision).sort();

/** `strata args…` in `cwd`, with a promise that resolves once stderr has shown `line`. */
function runWatched(cwd: string, args: readonly string[], line: string): { shown: Promise<void>; done: Promise<CliResult> } {
  let show!: () => void;
  const shown = new Promise<void>((ok) => (show = ok));
  const { done } = startCli(cwd, args, (stderr) => stderr.includes(line) && show());
  return { shown: Promise.race([shown, done.then(() => undefined)]), done };
}

describe.each(DIALECTS)("waiting replicas on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  let started: string;
  let release: string;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, "wait");
    project = new TestProject(db);
    started = join(project.dir, "slow-started");
    release = join(project.dir, "slow-release");
    project.writeRevision({ id: rid("a1"), message: "first", up: `await queryRunner.query("CREATE TABLE t_one (id integer PRIMARY KEY)");` });
    // The slow revision says when it has begun (inside its transaction), then goes on
    // when the test releases it (at most 20 s): the waiters are known to wait by then,
    // however slowly a loaded machine starts the CLI.
    project.writeRevision({
      id: rid("a2"),
      down: rid("a1"),
      message: "slow",
      up:
        `require("node:fs").writeFileSync(${JSON.stringify(started)}, "");` +
        `for (let i = 0; i < 200 && !require("node:fs").existsSync(${JSON.stringify(release)}); i++) await new Promise((r) => setTimeout(r, 100));` +
        `await queryRunner.query("CREATE TABLE t_slow (id integer PRIMARY KEY)");`,
    });
    expect((await project.run(["upgrade", rid("a1")])).code).toBe(0);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("strata wait and migrate({ wait: true }) return once the runner has committed the revision they lack", async () => {
    const runner = project.run(["upgrade", "heads"]);
    while (!existsSync(started)) await sleep(50);
    expect(await appliedNow(db)).toEqual([rid("a1")]); // a2 is running, not committed

    const config = await loadConfig(join(project.dir, "ormconfig.ts"));
    const waiting = `Waiting up to 60 s for another runner to apply ${rid("a2")}`;
    const cliWaiter = runWatched(project.dir, ["wait", "--timeout", "60"], waiting);
    const cli = cliWaiter.done.then(async (run) => ({ run, appliedThen: await appliedNow(db) }));
    let apiWaits!: () => void;
    const apiWaiting = new Promise<void>((ok) => (apiWaits = ok));
    const api = migrate(config, { wait: true, timeoutMs: 60_000, onEvent: (e) => e.type === "wait" && apiWaits() }).then(async (waited) => ({
      waited,
      appliedThen: await appliedNow(db),
    }));
    await Promise.all([cliWaiter.shown, apiWaiting]);
    expect(await appliedNow(db)).toEqual([rid("a1")]);
    writeFileSync(release, "");

    const fromApi = await api;
    expect(fromApi.waited.map((r) => r.revision)).toEqual([rid("a2")]);
    expect(fromApi.appliedThen).toEqual([rid("a1"), rid("a2")]);

    const fromCli = await cli;
    expect(fromCli.run.code).toBe(0);
    expect(fromCli.run.stderr).toContain(waiting);
    expect(fromCli.run.stdout).toContain(`waited`);
    expect(fromCli.run.stdout).toContain(`for ${rid("a2")} (app)`);
    expect(fromCli.appliedThen).toEqual([rid("a1"), rid("a2")]);

    const run = await runner;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Applied 1 revision(s).");
  });

  it("returns at once when nothing is missing", async () => {
    expect((await project.run(["upgrade", "heads"])).code).toBe(0);
    const run = await project.run(["wait", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ waited: [], polls: 0, ms: 0 });
  });

  it("gives up after the timeout, with exit 1, when no runner applies what is missing", async () => {
    const run = await project.run(["wait", "--timeout", "1"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Gave up after 1 s waiting for another runner to apply 1 revision(s): ${rid("a2")} (app).`);
    expect(run.stderr).toContain("strata upgrade heads");
    const config = await loadConfig(join(project.dir, "ormconfig.ts"));
    const error = await migrate(config, { wait: true, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as Error).message).toContain("Gave up after");
    expect(await appliedNow(db)).toEqual([rid("a1")]);
  });

  it("refuses code older than the database, as every command does", async () => {
    project.writeRevision({ id: rid("a9"), down: rid("a1"), message: "newer" });
    expect((await project.run(["upgrade", rid("a9")])).code).toBe(0);
    project.remove();
    project = new TestProject(db);
    project.writeRevision({ id: rid("a1"), message: "first", up: `await queryRunner.query("CREATE TABLE t_one (id integer PRIMARY KEY)");` });
    const run = await project.run(["wait", "--timeout", "5"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The database has revision ${rid("a9")} (branch app) applied, but no revision file has it`);
  });
});
