import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, runCli } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";
import { APP_BASE, APP_HEAD, assertKarmaInstalled, exampleEnv, FSM_BASE, KARMA_BASE } from "./example-app";

type Summary = { revision: string; branches: string[]; dependsOn: string[]; file: string; applied?: boolean };

/** The foreign keys of `table` as "column -> table(column)". */
async function foreignKeys(db: TestDatabase, table: string): Promise<string[]> {
  const rows = await queryDb<{ c: string; t: string; r: string }>(
    db,
    db.dialect === "postgres"
      ? `SELECT a.attname AS c, cl.relname AS t, ra.attname AS r FROM pg_constraint k
           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
           JOIN pg_class cl ON cl.oid = k.confrelid
           JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
         WHERE k.contype = 'f' AND k.conrelid = '${table}'::regclass`
      : `SELECT "from" AS c, "table" AS t, "to" AS r FROM pragma_foreign_key_list('${table}')`,
  );
  return rows.map((row) => `${row.c} -> ${row.t}(${row.r})`);
}

describe.each(DIALECTS)("the example app's karma plugin, a package with its own revisions, on %s", (dialect) => {
  let db: TestDatabase;
  const strata = (args: readonly string[]) => runCli(REPO_ROOT, args, exampleEnv(db));

  beforeAll(async () => {
    assertKarmaInstalled();
    db = await createTestDatabase(dialect, "karma_example");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("heads and branches show the plugin's branch from its package, without a database", async () => {
    const heads: Summary[] = JSON.parse((await strata(["heads", "--json"])).stdout);
    const karma = heads.find((h) => h.revision === KARMA_BASE);
    expect(karma).toMatchObject({ branches: ["karma"], dependsOn: [APP_BASE] });
    expect(karma!.file).toMatch(/^entities\/karma-plugin\/migrations\/8dfcf30fdb89_/);
    expect(heads.map((h) => h.revision).sort()).toEqual([APP_HEAD, KARMA_BASE, FSM_BASE].sort());
    const branches = JSON.parse((await strata(["branches", "--json"])).stdout);
    expect(branches.map((b: { label: string }) => b.label).sort()).toEqual(["app", "fsm", "karma"]);
  });

  it("upgrade heads applies the plugin's revision after the app revision it depends on", async () => {
    const run = await strata(["upgrade", "heads"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.indexOf(`Upgrading to ${KARMA_BASE}`)).toBeGreaterThan(run.stderr.indexOf(`Upgrading to ${APP_BASE}`));
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([APP_BASE, APP_HEAD, KARMA_BASE, FSM_BASE].sort());
    expect(await foreignKeys(db, "karma_points")).toEqual(["user_id -> bot_users(id)"]);
  });

  it("history marks the plugin's revision applied, and check finds nothing to change", async () => {
    const history: Summary[] = JSON.parse((await strata(["history", "--json"])).stdout);
    expect(history.find((h) => h.revision === KARMA_BASE)).toMatchObject({ branches: ["karma"], applied: true });
    const text = (await strata(["history"])).stdout;
    expect(text).toContain(`[x] <base> -> ${KARMA_BASE} (karma), karma: points table`);
    const check = await strata(["check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("downgrade karma@base drops the plugin's table and nothing of the app's or the FSM's", async () => {
    const run = await strata(["downgrade", "karma@base"]);
    expect(run.code, run.stderr).toBe(0);
    const tables = await tableNames(db);
    expect(tables).not.toContain("karma_points");
    expect(tables).toEqual(expect.arrayContaining(["bot_users", "chats", "fsm_data"]));
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([APP_BASE, APP_HEAD, FSM_BASE].sort());
  });

  it("reverting the app revision the plugin depends on takes the plugin's revision down first, and says so", async () => {
    expect((await strata(["upgrade", "heads"])).code).toBe(0);
    const run = await strata(["downgrade", "app@base"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Reverting ${KARMA_BASE} first: it depends on ${APP_BASE}`);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([FSM_BASE]);
    expect((await strata(["upgrade", "heads"])).code).toBe(0);
    expect(await tableNames(db)).toContain("karma_points");
  });
});
