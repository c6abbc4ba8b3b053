import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type DialectName, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, runCli } from "../support/project";
import { queryDb, tableNames } from "../support/query";
import { APP_HEAD, exampleEnv } from "../example/example-app";
import { BotUser } from "../../entities";
import { BIG_TELEGRAM_ID, exampleDataSource, seedExample } from "./port-rows";

/** 2 500 users, chats, karma rows and FSM rows: 10 000 rows in all. */
const USERS = 2500;
const TABLES = ["bot_users", "chats", "fsm_data", "karma_points"];
const DIRECTIONS: [DialectName, DialectName][] = DIALECTS.length < 2 ? [] : [["sqlite", "postgres"], ["postgres", "sqlite"]];

const built = (db: TestDatabase, target = "heads") => runCli(REPO_ROOT, ["upgrade", target], exampleEnv(db));
const counts = async (db: TestDatabase): Promise<Record<string, number>> =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await queryDb<{ n: number }>(db, `SELECT COUNT(*) AS n FROM "${t}"`))[0]!.n)])));
const portArgs = (from: TestDatabase, to: TestDatabase, more: string[] = []) => ["port", "--from", from.url, "--to", to.url, ...more];

describe.each(DIRECTIONS)("strata port from %s to %s, on the example app", (fromDialect, toDialect) => {
  let source: TestDatabase;
  const made: TestDatabase[] = [];
  const database = async (dialect: DialectName, label: string, target = "heads") => {
    const db = await createTestDatabase(dialect, label);
    made.push(db);
    const run = await built(db, target);
    expect(run.code, run.stderr).toBe(0);
    return db;
  };
  const strata = (args: string[]) => runCli(REPO_ROOT, args);

  beforeAll(async () => {
    source = await database(fromDialect, "port_source");
    await seedExample(source.options, USERS);
    await queryDb(source, `CREATE TABLE "legacy_notes" ("id" integer PRIMARY KEY, "note" text)`);
  });
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it("copies every managed table, converting each value by the metadata, resets sequences and compares counts", async () => {
    const target = await database(toDialect, "port_target");
    const run = await strata(portArgs(source, target));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/OK: 10000 rows copied .* every table has the same row count/);
    expect(run.stderr).toContain("Skipped (not managed by strata): legacy_notes");
    expect(await counts(target)).toEqual(Object.fromEntries(TABLES.map((t) => [t, USERS])));
    expect(await tableNames(target)).not.toContain("strata_version_port");
    expect(await tableNames(target)).not.toContain("legacy_notes");

    // The app reads on the target exactly what it wrote on the source.
    const [from, to] = await Promise.all([exampleDataSource(source.options), exampleDataSource(target.options)]);
    try {
      for (const entity of [BotUser, "FsmRecord_fsm_data", "KarmaPoints", "Chat"]) {
        const order = from.getMetadata(entity).primaryColumns.map((c) => c.propertyName);
        const find = { order: Object.fromEntries(order.map((p) => [p, "ASC" as const])), take: 300 };
        // TypeORM reads a SQLite bigint as a number (rounded past 2^53: checked exactly below), PostgreSQL's as a string.
        const read = async (ds: typeof from) =>
          (await ds.getRepository(entity).find(find)).map((row) =>
            Object.fromEntries(Object.entries(row as object).map(([k, v]) => [k, /(^id|Id)$/.test(k) && Number(v) > Number.MAX_SAFE_INTEGER ? "past 2^53" : typeof v === "number" && /(^id|Id)$/.test(k) ? String(v) : v])),
          );
        expect(await read(to)).toEqual(await read(from));
      }
      const first = await to.getRepository(BotUser).findOneByOrFail({ id: 1 });
      expect(first).toMatchObject({ isBlocked: true, username: null });
      const [exact] = await queryDb<{ t: string }>(target, `SELECT CAST("telegram_id" AS TEXT) AS t FROM "bot_users" WHERE "id" = 1`);
      expect(exact!.t).toBe(BIG_TELEGRAM_ID);
      expect(first.createdAt.toISOString()).toBe("2024-01-31T23:30:15.123Z");
      // The sequence moved past the copied ids.
      const added = await to.getRepository(BotUser).save(to.getRepository(BotUser).create({ telegramId: "42" }));
      expect(added.id).toBe(USERS + 1);
    } finally {
      await Promise.all([from.destroy(), to.destroy()]);
    }
  });

  it("refuses a target that is not empty, writing nothing", async () => {
    const target = await database(toDialect, "port_full");
    await seedExample(target.options, 3);
    const run = await strata(portArgs(source, target));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The target is not empty: bot_users \(3 row\(s\)\).*Nothing was written/s);
    expect(await counts(target)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 3])));
    expect(await tableNames(target)).not.toContain("strata_version_port");
  });

  it("refuses a target at other heads, writing nothing", async () => {
    const target = await database(toDialect, "port_behind", `app@${APP_HEAD}`);
    const run = await strata(portArgs(source, target));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The target is at .* but the source is at .*: nothing was written/);
    expect(await tableNames(target)).not.toContain("strata_version_port");
  });

  it("resumes after Ctrl-C halfway without duplicates, and the counts come out equal", async () => {
    const target = await database(toDialect, "port_resume");
    const child = spawn(process.execPath, [join(REPO_ROOT, "cli", "strata.js"), ...portArgs(source, target, ["--batch-size", "50"])], { cwd: REPO_ROOT });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? -1)));
    // Interrupt once some batches of the first tables have committed.
    for (let copied = 0; copied < 200; ) {
      await new Promise((r) => setTimeout(r, 50));
      copied = Number((await queryDb<{ n: number }>(target, `SELECT COUNT(*) AS n FROM "chats"`))[0]!.n);
    }
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain("Run the same port command again to resume");
    const copiedBefore = Object.values(await counts(target)).reduce((a, b) => a + b, 0);
    expect(copiedBefore).toBeLessThan(4 * USERS);

    const again = await strata(portArgs(source, target));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Resuming the interrupted port");
    expect(again.stdout).toMatch(new RegExp(`OK: ${4 * USERS - copiedBefore} rows copied`));
    expect(await counts(target)).toEqual(Object.fromEntries(TABLES.map((t) => [t, USERS])));
  });
});

describe.runIf(DIRECTIONS.length > 0)("strata port, a row the target refuses (SQLite to PostgreSQL)", () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it("names the table, the row's key and the reason, keeps what was copied, and resumes once the row is corrected", async () => {
    for (const [dialect, label] of [["sqlite", "refused_source"], ["postgres", "refused_target"]] as const) made.push(await createTestDatabase(dialect, label));
    const [source, target] = made as [TestDatabase, TestDatabase];
    for (const db of made) expect((await built(db)).code).toBe(0);
    await seedExample(source.options, 30);
    // SQLite keeps a username longer than its varchar(64); PostgreSQL refuses it.
    await queryDb(source, `UPDATE bot_users SET username = '${"x".repeat(70)}' WHERE id = 12`);
    const refused = await runCli(REPO_ROOT, portArgs(source, target, ["--batch-size", "10"]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The target refuses the row of bot_users with id = 12: value too long for type character varying(64)");
    expect(refused.stderr).toContain("run the same port command again");
    // The batch before the refused one is in; nothing of its own batch is.
    expect(Number((await queryDb<{ n: number }>(target, `SELECT COUNT(*) AS n FROM bot_users`))[0]!.n)).toBe(10);
    await queryDb(source, `UPDATE bot_users SET username = 'short' WHERE id = 12`);
    const resumed = await runCli(REPO_ROOT, portArgs(source, target, ["--batch-size", "10"]));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await counts(target)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 30])));
  });
});
