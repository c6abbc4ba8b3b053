import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

/**
 * A runner in its own process: waits for the barrier file, then either holds the run
 * lock (logging enter/exit, and OVERLAP if it finds another holder inside) or upgrades.
 */
const RUNNER = `
const { existsSync, appendFileSync, writeFileSync, unlinkSync } = require("node:fs");
const { join } = require("node:path");
require(${JSON.stringify(join(REPO_ROOT, "src", "loading", "typescript-hook"))}).registerTypeScript();
const strata = require(${JSON.stringify(join(REPO_ROOT, "src"))});
const { dialectFor } = require(${JSON.stringify(join(REPO_ROOT, "src", "dialect", "dialect-for"))});
const { DataSource } = require("typeorm");
const [mode, barrier, log, optionsJson] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const options = JSON.parse(optionsJson);
  const ds = new DataSource(options);
  await ds.initialize();
  const qr = ds.createQueryRunner();
  const lock = { versionTable: "strata_version", timeoutMs: 60000 };
  process.stdout.write("ready\\n");
  while (!existsSync(barrier)) await sleep(2);
  if (mode === "hold") {
    await dialectFor(ds).acquireRunLock(qr, lock);
    process.stdout.write("held\\n");
    await sleep(60000);
  } else if (mode === "lock") {
    await dialectFor(ds).acquireRunLock(qr, lock);
    const marker = log + ".inside";
    if (existsSync(marker)) appendFileSync(log, "OVERLAP\\n");
    writeFileSync(marker, String(process.pid));
    appendFileSync(log, "enter " + process.pid + "\\n");
    await sleep(30);
    unlinkSync(marker);
    await dialectFor(ds).releaseRunLock(qr, lock);
  } else {
    const config = await strata.loadConfig(join(process.cwd(), "ormconfig.ts"));
    await strata.move(config, "up", "heads");
  }
  await ds.destroy();
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

interface Runner {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function startRunner(project: TestProject, db: TestDatabase, mode: "lock" | "hold" | "upgrade", barrier: string, log: string): Runner {
  const child = spawn(process.execPath, [join(project.dir, "runner.js"), mode, barrier, log, JSON.stringify(db.options)], { cwd: project.dir });
  let output = "";
  let signalReady: () => void;
  const ready = new Promise<void>((r) => (signalReady = r));
  child.stdout!.on("data", (d) => {
    output += d;
    if (output.includes("ready")) signalReady();
  });
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, ready, output: () => output, exited };
}

describe("the SQLite run lock", () => {
  let db: TestDatabase;
  let project: TestProject;
  let lockFile: string;
  let round = 0;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite", "runlock");
    project = new TestProject(db, { configBody: "lockTimeoutMs: 20000," });
    project.writeFile("runner.js", RUNNER);
    project.writeRevision({ id: rid("70"), up: `await queryRunner.query("CREATE TABLE run_log (rev varchar(12), pid integer)");` });
    lockFile = `${db.url}.strata_version.lock`;
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  async function releaseAtOnce(mode: "lock" | "upgrade", count: number): Promise<{ log: string; runners: Runner[] }> {
    round++;
    const barrier = join(project.dir, `barrier-${round}`);
    const log = join(project.dir, `log-${round}`);
    writeFileSync(log, "");
    const runners = Array.from({ length: count }, () => startRunner(project, db, mode, barrier, log));
    await Promise.all(runners.map((r) => r.ready));
    writeFileSync(barrier, "go");
    const codes = await Promise.all(runners.map((r) => r.exited));
    expect(codes, runners.map((r) => r.output()).join("\n")).toEqual(runners.map(() => 0));
    return { log: readFileSync(log, "utf8"), runners };
  }

  it("6 runners released at once, 3 times: never two holders", async () => {
    for (let i = 0; i < 3; i++) {
      const { log } = await releaseAtOnce("lock", 6);
      expect(log).not.toContain("OVERLAP");
      expect(log.split("\n").filter((l) => l.startsWith("enter"))).toHaveLength(6);
    }
  });

  it("6 upgrades released at once, twice: each revision exactly once", async () => {
    let parent = rid("70");
    for (let batch = 1; batch <= 2; batch++) {
      for (let i = 1; i <= 3; i++) {
        const id = rid(`7${batch}${i}`);
        project.writeRevision({ id, down: parent, up: `await queryRunner.query("INSERT INTO run_log (rev, pid) VALUES ('${id}', " + process.pid + ")");` });
        parent = id;
      }
      await releaseAtOnce("upgrade", 6);
      const counts = await queryDb<{ rev: string; n: number }>(db, "SELECT rev, COUNT(*) AS n FROM run_log GROUP BY rev ORDER BY rev");
      expect(counts.every((c) => Number(c.n) === 1)).toBe(true);
      expect(counts).toHaveLength(3 * batch);
    }
    expect(await appliedRevisions(db)).toHaveLength(7);
  });

  it("a holder killed with SIGKILL releases the lock at once; the waiter names the lock file and the holder", async () => {
    round++;
    const barrier = join(project.dir, `barrier-${round}`);
    writeFileSync(barrier, "go");
    const holder = startRunner(project, db, "hold", barrier, "");
    await new Promise<void>((done) => holder.child.stdout!.on("data", () => holder.output().includes("held") && done()));
    project.writeConfig("lockTimeoutMs: 1500,");
    const waiting = await project.run(["stamp", "heads"]);
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toContain(`Waiting for the migration lock held by process ${holder.child.pid} on ${hostname()}`);
    expect(waiting.stderr).toContain(`lock file ${lockFile}`);
    project.writeConfig("lockTimeoutMs: 20000,");
    const next = project.run(["stamp", "heads"]);
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    holder.child.kill("SIGKILL");
    const run = await next;
    const tookOver = Date.now() - killedAt;
    expect(run.code, run.stderr).toBe(0);
    expect(tookOver).toBeLessThan(3000);
    console.log(`took over ${tookOver} ms after SIGKILL (the CLI process included)`);
  });

  it.each([
    ["an empty", ""],
    ["a garbage", "\u0000\u0001 not a database at all"],
    ["a foreign-host", JSON.stringify({ pid: 1, host: "another-host.example", since: "2020-01-01T00:00:00Z" })],
  ])("%s lock file is taken over at once", async (_kind, content) => {
    writeFileSync(lockFile, content);
    const started = Date.now();
    const run = await project.run(["stamp", "heads"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("Waiting");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(lockFile)).toBe(true);
  });
});
