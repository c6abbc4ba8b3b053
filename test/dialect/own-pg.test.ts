import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";

interface Seen {
  readonly rows: unknown;
  /** Whether Node's fetch implementation was loaded by then. */
  readonly fetchLoaded: boolean;
  readonly navigator: string;
  readonly appsPg: boolean;
}

/** In a process of its own (a loaded module stays loaded): `connect` run after `setup`, then what the process loaded. */
function seenIn(setup: string, connect: string): Seen {
  const script = `
    require("./src/loading/typescript-hook").registerTypeScript();
    ${setup}
    (async () => {
      ${connect}
      await dataSource.initialize();
      const rows = await dataSource.query("SELECT 1 AS one");
      await dataSource.destroy();
      console.log(JSON.stringify({
        rows,
        fetchLoaded: process.moduleLoadList.some((m) => m.includes("undici")),
        navigator: typeof globalThis.navigator,
        appsPg: dataSource.driver.postgres === require("pg"),
      }));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" }));
}

/** PostgreSQL only: this is what the PostgreSQL dialect does when it opens its DataSource. */
/** Whether this Node has a global navigator (21 and later): then pg never builds the Response. */
const nodeNavigator = typeof (globalThis as { navigator?: unknown }).navigator;

describe.skipIf(!DIALECTS.includes("postgres"))("strata's own PostgreSQL connection", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres", "own_pg");
  });
  afterAll(() => db.drop());

  it("uses the app's pg, loaded without the fetch Response pg builds on Node 20 to detect Cloudflare Workers", () => {
    const strata = seenIn(
      `const { resolveConfig } = require("./src"); const { sharedDataSource } = require("./src/metadata/shared-data-source");`,
      `const dataSource = sharedDataSource(resolveConfig({ dataSource: ${JSON.stringify(db.options)} }, process.cwd()));`,
    );
    expect(strata).toEqual({ rows: [{ one: 1 }], fetchLoaded: false, navigator: nodeNavigator, appsPg: true });

    // TypeORM loading pg itself: where Node has no navigator, pg's check loads fetch.
    const typeorm = seenIn(`const { DataSource } = require("typeorm");`, `const dataSource = new DataSource(${JSON.stringify(db.options)});`);
    expect(typeorm.rows).toEqual([{ one: 1 }]);
    expect(typeorm.fetchLoaded).toBe(nodeNavigator === "undefined");
  });

  it("keeps a driver the app configured", () => {
    const own = seenIn(
      `const { resolveConfig } = require("./src"); const { sharedDataSource } = require("./src/metadata/shared-data-source"); const pg = require("pg");`,
      `const dataSource = sharedDataSource(resolveConfig({ dataSource: { ...${JSON.stringify(db.options)}, driver: { ...pg, marked: true } } }, process.cwd()));
       if (dataSource.driver.postgres.marked !== true) throw new Error("the app's driver was replaced");`,
    );
    expect(own.rows).toEqual([{ one: 1 }]);
    expect(own.appsPg).toBe(false);
  });
});
