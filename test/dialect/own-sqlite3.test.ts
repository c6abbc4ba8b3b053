import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, SQLITE_DRIVER, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";

/**
 * In a process of its own (TypeORM's sqlite3 verbose mode, once on, is on for the whole
 * process): strata's connection to a SQLite database, then what its driver's `exec` is.
 */
function strataConnectionIn(db: TestDatabase): { rows: unknown; exec: string; driverOption: boolean; calls: (number | null)[] } {
  const script = `
    require("./src/loading/typescript-hook").registerTypeScript();
    const { resolveConfig } = require("./src");
    const { sharedDataSource } = require("./src/metadata/shared-data-source");
    const { callsOn } = require("./src/dialect/sqlite/own-sqlite3");
    (async () => {
      const dataSource = sharedDataSource(resolveConfig({ dataSource: ${JSON.stringify(db.options)} }, process.cwd()));
      await dataSource.initialize();
      const queryRunner = dataSource.createQueryRunner();
      const calls = [callsOn(queryRunner) ?? null];
      const rows = await queryRunner.query("SELECT 1 AS one");
      calls.push(callsOn(queryRunner) ?? null);
      await dataSource.manager.query("CREATE TABLE counted (id integer)");
      calls.push(callsOn(queryRunner) ?? null);
      await queryRunner.release();
      const exec = require("sqlite3").Database.prototype.exec.toString();
      await dataSource.destroy();
      console.log(JSON.stringify({ rows, exec, driverOption: dataSource.options.driver !== undefined, calls }));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" }));
}

describe(`strata's own SQLite connection (${SQLITE_DRIVER})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite", "quiet");
  });
  afterAll(() => db.drop());

  it(
    SQLITE_DRIVER === "sqlite"
      ? "opens sqlite3 without verbose()'s tracing wrapper around every call, counts the calls on its connection, and runs statements"
      : "leaves better-sqlite3 (which has no tracing mode) as the app configured it, and runs statements",
    () => {
      const seen = strataConnectionIn(db);
      expect(seen.rows).toEqual([{ one: 1 }]);
      expect(seen.driverOption).toBe(SQLITE_DRIVER === "sqlite");
      // sqlite3's verbose() replaces the native exec with a JavaScript wrapper.
      if (SQLITE_DRIVER === "sqlite") expect(seen.exec).toContain("[native code]");
      // Every statement, from any query runner of the DataSource, is counted; better-sqlite3's calls are not.
      if (SQLITE_DRIVER === "sqlite") expect(seen.calls[1]! - seen.calls[0]!).toBe(1);
      if (SQLITE_DRIVER === "sqlite") expect(seen.calls[2]! - seen.calls[1]!).toBe(1);
      else expect(seen.calls).toEqual([null, null, null]);
    },
  );
});
