import { join } from "node:path";
import { Client } from "pg";
import sqlite3 from "sqlite3";
import { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defineConfig,
  FsmClosedError,
  FsmDataError,
  FsmKeyError,
  type FsmSerializer,
  type FsmStorage,
  fsmStorage,
  migrate,
} from "../../src";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";
import { startFsmWorker } from "./fsm-processes";

/** The repository's fsm branch creates the table under the default name. */
const fsm = fsmStorage({ tableName: "fsm_data" });
const key = { botId: 1, chatId: -100123, userId: 42 };

/**
 * Another connection takes the write lock for `ms` (longer than sqlite3's 1 s busy
 * timeout, so SQLite statements fail with SQLITE_BUSY and must be retried).
 */
async function holdWriteLock(db: TestDatabase, ms: number): Promise<void> {
  const pause = () => new Promise((r) => setTimeout(r, ms));
  if (db.dialect === "postgres") {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query("BEGIN; LOCK TABLE fsm_data IN EXCLUSIVE MODE");
    return pause().then(async () => {
      await client.query("COMMIT");
      await client.end();
    });
  }
  const handle = new sqlite3.Database(db.url);
  const exec = (sql: string) => new Promise<void>((ok, fail) => handle.exec(sql, (e) => (e ? fail(e) : ok())));
  await exec("BEGIN IMMEDIATE");
  return pause().then(async () => {
    await exec("COMMIT");
    await new Promise<void>((ok) => handle.close(() => ok()));
  });
}

/** Dates survive as { $date: iso }: an app's own serializer, as superjson would be. */
const DATED: FsmSerializer = {
  stringify: (data) => JSON.stringify(data, function (k, v) {
    const raw = (this as Record<string, unknown>)[k];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  }),
  parse: (text) => JSON.parse(text, (_k, v) => (v && typeof v === "object" && "$date" in v ? new Date(v.$date) : v)),
};

describe.each(DIALECTS)("FSM storage on %s", (dialect) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let storage: FsmStorage;
  const rows = async () => (await queryDb<{ n: number | string }>(db, "SELECT count(*) AS n FROM fsm_data"))[0]!.n;
  const freshKey = (() => {
    let n = 0;
    return () => ({ ...key, userId: `${dialect}-${++n}` });
  })();

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "fsm storage");
    // The table is created the way a user gets it: strata's migrate() with the fsm plugin.
    const config = defineConfig({ dataSource: db.options, migrationsDir: join(REPO_ROOT, "migrations"), plugins: [fsm.plugin] });
    await migrate(config);
    dataSource = await new DataSource({ ...db.options, entities: [...fsm.plugin.entities] }).initialize();
    storage = fsm.storage(dataSource);
  });

  afterAll(async () => {
    await storage?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  it("finds its table created by the fsm branch's revision", async () => {
    expect(await tableNames(db)).toContain("fsm_data");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toContain("8e41b7c0d2f6");
  });

  it("keeps state and data per key: get, set, update, clear", async () => {
    const k = freshKey();
    expect(await storage.getState(k)).toBeNull();
    expect(await storage.getData(k)).toEqual({});
    await storage.setState(k, "asking_name");
    expect(await storage.getData(k)).toEqual({});
    await storage.setData(k, { step: 1, tags: ["a"] });
    expect(await storage.getState(k)).toBe("asking_name");
    expect(await storage.updateData(k, { name: "Ada" })).toEqual({ step: 1, tags: ["a"], name: "Ada" });
    await storage.setData(k, { only: true });
    expect(await storage.getData(k)).toEqual({ only: true });
    await storage.setState(k, null);
    expect(await storage.getState(k)).toBeNull();
    expect(await storage.getData(k)).toEqual({ only: true });
    await storage.clear(k);
    expect(await storage.getData(k)).toEqual({});
    expect(await queryDb(db, `SELECT * FROM fsm_data WHERE user_id = '${k.userId}'`)).toEqual([]);
  });

  it("keeps threads and destinies apart; a number and its string are one key", async () => {
    const k = freshKey();
    const variants = [k, { ...k, threadId: 7 }, { ...k, threadId: 8 }, { ...k, destiny: "payment" }, { ...k, threadId: 7, destiny: "payment" }];
    for (const [i, v] of variants.entries()) await storage.setState(v, `s${i}`);
    for (const [i, v] of variants.entries()) expect(await storage.getState(v)).toBe(`s${i}`);
    expect(await storage.getState({ ...k, threadId: "7" })).toBe("s1");
    expect(await storage.getState({ ...k, threadId: null, destiny: "default" })).toBe("s0");
    expect(await storage.getState({ ...k, botId: 2n })).toBeNull();
    await storage.clear({ ...k, threadId: 7 });
    expect(await storage.getState({ ...k, threadId: 7 })).toBeNull();
    expect(await storage.getState({ ...k, threadId: 7, destiny: "payment" })).toBe("s4");
  });

  it("updateData replaces top-level keys whole, stores null as null and keeps odd keys and exact numbers", async () => {
    const k = freshKey();
    await storage.setData(k, { a: { x: 1, y: 2 }, b: 1, keep: "me", gone: "soon" });
    const odd = { 'quo"te': 1, "dot.ted": 2, "$": 3, "": 4, "emoji 😀": "ü", "\\": [null, { n: null }] };
    const merged = await storage.updateData(k, { a: { x: 9 }, gone: null, f: 0.1 + 0.2, big: 2 ** 53 - 1, ...odd });
    const expected = { a: { x: 9 }, b: 1, keep: "me", gone: null, f: 0.30000000000000004, big: 2 ** 53 - 1, ...odd };
    expect(merged).toEqual(expected);
    expect(await storage.getData(k)).toEqual(expected);
    expect(await storage.updateData(k, {})).toEqual(expected);
    expect(await storage.updateData(freshKey(), { first: { n: null } })).toEqual({ first: { n: null } });
  });

  it("4 processes × 50 updateData of one key and 30 concurrent calls in this process all land", async () => {
    const k = { botId: "1", chatId: "2", userId: `${dialect}-hot` };
    const workers = await Promise.all(
      [0, 1, 2, 3].map((p) => startFsmWorker({ options: db.options, key: k, prefix: `p${p}_`, count: 50, concurrency: 5 })),
    );
    const results = workers.map((w) => w.go());
    const here = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => storage.updateData(k, { [`here_${i}`]: i })));
    expect(here.filter((r) => r.status === "rejected")).toEqual([]);
    for (const result of await Promise.all(results)) expect(result).toMatchObject({ ok: 50, failed: 0 });
    const data = await storage.getData(k);
    expect(Object.keys(data)).toHaveLength(230);
    expect(data.p3_49).toBe(49);
    expect(data.here_29).toBe(29);
  });

  it("waits out another connection that holds the table's write lock: 20 concurrent calls (twice the pool) all land", async () => {
    const k = freshKey();
    const released = holdWriteLock(db, 1500);
    await new Promise((r) => setTimeout(r, 200));
    const calls = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => storage.updateData(k, { [`f${i}`]: i })));
    await released;
    expect(calls.filter((c) => c.status === "rejected")).toEqual([]);
    expect(Object.keys(await storage.getData(k))).toHaveLength(20);
  });

  it("refuses a key part longer than 64 characters before any query, on both dialects alike", async () => {
    const before = await rows();
    const long = { ...key, chatId: "c".repeat(65) };
    await expect(storage.setState(long, "x")).rejects.toThrow(FsmKeyError);
    await expect(storage.updateData(long, { a: 1 })).rejects.toThrow(/chatId is 65 characters long.*at most 64/);
    await expect(storage.getData({ ...key, destiny: "d".repeat(100) })).rejects.toMatchObject({ part: "destiny", limit: 64 });
    await expect(storage.setState({ ...key, userId: 1.5 }, "x")).rejects.toThrow(/userId is 1.5/);
    await expect(storage.setState({ ...key, userId: "a\u0000b" }, "x")).rejects.toThrow(/U\+0000/);
    expect(await rows()).toBe(before);
    // 64 characters fit, counted as PostgreSQL counts them (code points, not UTF-16 units).
    const widest = { ...key, chatId: "😀".repeat(64) };
    await storage.setState(widest, "fits");
    expect(await storage.getState(widest)).toBe("fits");
  });

  it.each([
    [{ when: new Date(0) }, "data.when is a Date"],
    [{ seen: new Map([[1, 2]]) }, "data.seen is a Map"],
    [{ ids: new Set([1]) }, "data.ids is a Set"],
    [{ score: Number.NaN }, "data.score is NaN"],
    [{ score: Number.POSITIVE_INFINITY }, "data.score is Infinity"],
    [{ nested: { maybe: undefined } }, "data.nested.maybe is undefined"],
    [{ list: [1, undefined] }, "data.list[1] is undefined"],
    [{ list: [1, , 3] }, "data.list[1] is an empty slot"],
    [{ callback: () => 1 }, "data.callback is a function"],
    [{ id: 10n }, "data.id is a bigint"],
    [{ user: new (class User {})() }, "data.user is a User"],
    [{ "odd key": { at: new Date(0) } }, 'data["odd key"].at is a Date'],
    [{ text: "a\u0000b" }, "data.text contains the character U+0000"],
    [{ text: "\ud800" }, "data.text contains an unpaired UTF-16 surrogate"],
  ])("refuses data JSON cannot round-trip (%#), naming the path, and stores nothing", async (bad, message) => {
    const k = freshKey();
    await storage.setData(k, { kept: true });
    await expect(storage.setData(k, bad as Record<string, unknown>)).rejects.toThrow(FsmDataError);
    await expect(storage.updateData(k, bad as Record<string, unknown>)).rejects.toThrow(message);
    expect(await storage.getData(k)).toEqual({ kept: true });
    const untouched = freshKey();
    await expect(storage.updateData(untouched, bad as Record<string, unknown>)).rejects.toThrow(message);
    expect(await queryDb(db, `SELECT * FROM fsm_data WHERE user_id = '${untouched.userId}'`)).toEqual([]);
  });

  it("refuses a cyclic value and a state longer than its column", async () => {
    const cyclic: Record<string, unknown> = { a: {} };
    (cyclic.a as Record<string, unknown>).back = cyclic;
    await expect(storage.setData(freshKey(), cyclic)).rejects.toThrow("data.a.back refers back to one of its parents");
    await expect(storage.setState(freshKey(), "s".repeat(256))).rejects.toThrow("state is 256 characters long");
  });

  it("stores what an app's own serializer writes, and its updateData still lands under concurrency", async () => {
    const dated = fsmStorage({ tableName: "fsm_data", serializer: DATED }).storage(dataSource);
    const k = freshKey();
    await dated.setData(k, { when: new Date(0) });
    expect(await dated.getData(k)).toEqual({ when: new Date(0) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => dated.updateData(k, { [`f${i}`]: new Date(i) })));
    const data = await dated.getData(k);
    expect(Object.keys(data)).toHaveLength(21);
    expect(data.f19).toEqual(new Date(19));
    await dated.close();
  });

  it("close() lets calls in flight finish and refuses later ones", async () => {
    const closing = fsm.storage(dataSource);
    const k = freshKey();
    const inFlight = closing.updateData(k, { a: 1 });
    await closing.close();
    await expect(inFlight).resolves.toEqual({ a: 1 });
    await expect(closing.getData(k)).rejects.toThrow(FsmClosedError);
    expect(dataSource.isInitialized).toBe(true);
  });
});
