import { join } from "node:path";
import { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, RevisionFailedError } from "../../src";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)("the app's own connection while migrate() runs on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  let app: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "appconn");
    project = new TestProject(db);
    project.writeRevision({ id: rid("a1"), up: `await queryRunner.query("CREATE TABLE app_log (n integer NOT NULL)");` });
    // The app waits for a writer as apps do; without it its writes fail (and are not acknowledged) meanwhile.
    app = new DataSource({ ...db.options, ...(dialect === "sqlite" ? { busyTimeout: 10_000 } : {}) } as never);
    await app.initialize();
  });
  afterAll(async () => {
    await app.destroy();
    project.remove();
    await db.drop();
  });

  it("keeps every row the app was told was written while a revision fails and rolls back", async () => {
    const config = { dataSource: app, migrationsDir: join(project.dir, "migrations") };
    await migrate(config, { rootDir: project.dir });
    // The failing revision writes, holds its transaction open for a while, then throws.
    project.writeRevision({
      id: rid("a2"),
      down: rid("a1"),
      up: `await queryRunner.query("INSERT INTO app_log (n) VALUES (-1)"); await new Promise((r) => setTimeout(r, 1500)); throw new Error("fails on purpose");`,
    });
    const acknowledged: number[] = [];
    const failures: string[] = [];
    let writing = true;
    let duringMigrate = 0;
    let migrating = false;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        try {
          await app.query(`INSERT INTO app_log (n) VALUES (${n})`);
          acknowledged.push(n);
          if (migrating) duringMigrate++;
        } catch (error) {
          failures.push((error as Error).message);
        }
        await sleep(15);
      }
    })();
    await sleep(100);
    migrating = true;
    const outcome = await migrate(config, { rootDir: project.dir }).catch((error: unknown) => error);
    migrating = false;
    await sleep(100);
    writing = false;
    await writer;
    expect(outcome).toBeInstanceOf(RevisionFailedError);
    // On SQLite the app's writes wait for strata's write lock, so whether one lands during the
    // run is timing; on PostgreSQL they never wait.
    if (dialect === "postgres") expect(duringMigrate).toBeGreaterThan(0);
    const rows = await queryDb<{ n: number }>(db, "SELECT n FROM app_log ORDER BY n");
    expect(rows.map((r) => Number(r.n))).toEqual(acknowledged);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("a1")]);
  });
});
