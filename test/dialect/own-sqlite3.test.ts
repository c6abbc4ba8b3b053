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
    db = await createTestDatabase("sqlite", "own-sqlite3");
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
      if (SQLITE_DRIVER === "sqlite") {
        // sqlite3's verbose() replaces the native exec with a JavaScript wrapper.
        expect(seen.exec).toContain("[native code]");
        // Every statement is counted, from this query runner or any other of the DataSource.
        expect(seen.calls.map((n) => n! - seen.calls[0]!)).toEqual([0, 1, 2]);
      } else {
        expect(seen.calls).toEqual([null, null, null]);
      }
    },
  );
});
