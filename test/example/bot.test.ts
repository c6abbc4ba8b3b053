import { exec } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { type CliResult, REPO_ROOT } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";
import { APP_BASE, APP_HEAD, assertKarmaInstalled, exampleEnv, FSM_BASE, KARMA_BASE } from "./example-app";

const run = promisify(exec);

/** `npm start`: the example bot, from its TypeScript sources, with no build step. */
const START = `node -e "require('./src/loading/typescript-hook').registerTypeScript(); require('./entities/bot.ts').main()"`;

/** Runs START through a shell, as npm runs a script. */
async function startBot(env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(START, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
  }
}

const conversation = (userLine: string, total: number) => [
  userLine,
  `"Alice" from @alice: state asking_language, data {"name":"Alice"}`,
  `"de" from @alice: state done, data {"name":"Alice","language":"de"}`,
  `done: saved Alice's language de to bot_users #1; state none, data {}`,
  `karma: +2 to @alice in chat -1001, ${total} in all`,
  "bye",
];

it("npm start runs the example bot (package.json's start script, once the lead has added it)", () => {
  const start = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts?.start;
  if (start !== undefined) expect(start).toBe(START);
});

describe.each(DIALECTS)("the example bot on %s", (dialect) => {
  let db: TestDatabase;
  /** On SQLite, a file in a folder that does not exist yet, as var/ on a fresh clone. */
  let data: TestDatabase;

  beforeAll(async () => {
    assertKarmaInstalled();
    db = await createTestDatabase(dialect, "example_bot");
    data = dialect === "sqlite" ? { ...db, url: join(dirname(db.url), "var", "app.sqlite") } : db;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("migrates by itself on an empty database, then talks, stores and gives karma, one line per step", async () => {
    const run = await startBot(exampleEnv(db, data.url));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^migrate: applied /);
    expect(lines[0]!.slice("migrate: applied ".length).split(", ").sort()).toEqual(
      [`${APP_BASE} (app)`, `${APP_HEAD} (app)`, `${FSM_BASE} (fsm)`, `${KARMA_BASE} (karma)`].sort(),
    );
    expect(lines[1]).toBe(`connected: ${dialect === "sqlite" ? `${db.options.type} ${data.url}` : db.url}`);
    expect(lines.slice(2)).toEqual(conversation("/start from @alice: new user #1, state asking_name", 2));

    expect((await appliedRevisions(data)).map((r) => r.revision)).toEqual([APP_BASE, APP_HEAD, KARMA_BASE, FSM_BASE].sort());
    expect(await queryDb(data, `SELECT "id", "username", "language_code" FROM "bot_users"`)).toEqual([{ id: 1, username: "alice", language_code: "de" }]);
    expect((await queryDb(data, `SELECT "chat_id", "user_id", "points" FROM "karma_points"`)).map((r) => [String(r.chat_id), r.user_id, r.points])).toEqual([
      ["-1001", 1, 2],
    ]);
    expect(await queryDb(data, `SELECT * FROM "fsm_data"`)).toEqual([]);
  });

  it("on the next start, finds the database at the heads, knows the user and adds to the karma", async () => {
    const run = await startBot(exampleEnv(db, data.url));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("migrate: nothing to apply, the database is at the heads");
    expect(lines.slice(2)).toEqual(conversation("/start from @alice: known user #1, state asking_name", 4));
    expect(await queryDb(data, `SELECT COUNT(*) AS "n" FROM "bot_users"`)).toEqual([{ n: dialect === "sqlite" ? 1 : "1" }]);
    expect((await queryDb(data, `SELECT "points" FROM "karma_points"`)).map((r) => r.points)).toEqual([4]);
  });
});
