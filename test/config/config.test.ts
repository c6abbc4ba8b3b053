import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, fsmStorage, migrate, resolveConfig } from "../../src";
import { createTestDatabase, DIALECTS, sqliteOptions, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";

describe("table names from configuration", () => {
  it.each([
    ['fsm"; DROP TABLE users; --', "must match"],
    ["pg_state", "reserved"],
    ["sqlite_state", "reserved"],
    ["x".repeat(64), "at most 63 bytes"],
    ["1abc", "must match"],
  ])("refuses %j, naming where it came from", (name, why) => {
    expect(() => fsmStorage({ tableName: name })).toThrow(ConfigError);
    expect(() => fsmStorage({ tableName: name })).toThrow(/FSM_TABLE_NAME/);
    expect(() => fsmStorage({ tableName: name })).toThrow(why);
  });

  it("refuses a bad versionTable before connecting", () => {
    expect(() => resolveConfig({ dataSource: sqliteOptions(":memory:"), versionTable: "v; --" }, REPO_ROOT, "ormconfig.ts")).toThrow(
      /versionTable in ormconfig.ts/,
    );
  });
});

describe.each(DIALECTS)("configuration with a real database on %s", (dialect) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "config");
  });
  afterEach(() => db.drop());

  it("loads a .ts config whose entities rely on decorator metadata (@Column() name: string)", async () => {
    const project = new TestProject(db);
    writeFileSync(
      join(project.dir, "note.ts"),
      `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity("notes")\nexport class Note {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() name: string;\n  @Column() pinned: boolean;\n}\n`,
    );
    project.writeConfig(`entities: [],`, `import { Note } from "./note";\n`);
    const config = readConfig(project).replace("entities: [] }", "entities: [Note] }");
    writeFileSync(join(project.dir, "ormconfig.ts"), config);
    project.writeRevision({ id: rid("0a1"), up: `await queryRunner.query("CREATE TABLE notes (id integer PRIMARY KEY, name varchar(255) NOT NULL, pinned boolean NOT NULL)");` });
    const run = await project.run(["upgrade"]);
    // Without decorator metadata TypeORM cannot type `name: string` and refuses to start.
    expect(run.stderr).not.toMatch(/ColumnTypeUndefined|Data type/);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Upgrading to ${rid("0a1")}`);
    project.remove();
  });

  it("loads a .mjs config", async () => {
    const project = new TestProject(db);
    const dataSource = dialect === "sqlite" ? `{ type: "${db.options.type}", database: ${JSON.stringify(db.url)} }` : `{ type: "postgres", url: ${JSON.stringify(db.url)} }`;
    writeFileSync(join(project.dir, "strata.config.mjs"), `export default { dataSource: ${dataSource}, migrationsDir: "migrations" };\n`);
    project.writeRevision({ id: rid("0b1") });
    const run = await project.run(["--config", "strata.config.mjs", "heads", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0].revision).toBe(rid("0b1"));
    project.remove();
  });

  it("refuses a table with two owners, naming both", async () => {
    const project = new TestProject(db);
    writeFileSync(
      join(project.dir, "clash.ts"),
      `import { EntitySchema } from "typeorm";\nexport const A = new EntitySchema({ name: "A", tableName: "shared_t", columns: { id: { type: Number, primary: true } } });\nexport const B = new EntitySchema({ name: "B", tableName: "shared_t", columns: { id: { type: Number, primary: true } } });\n`,
    );
    project.writeConfig(`plugins: [{ name: "extra", entities: [B] }],`, `import { A, B } from "./clash";\n`);
    writeFileSync(join(project.dir, "ormconfig.ts"), readConfig(project).replace("entities: [] }", "entities: [A] }"));
    const run = await project.run(["current"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Table "shared_t" has two owners: app (A) and extra (B)`);
    project.remove();
  });

  it("refuses a plugin table outside its prefix", async () => {
    const project = new TestProject(db);
    writeFileSync(join(project.dir, "p.ts"), `import { EntitySchema } from "typeorm";\nexport const P = new EntitySchema({ name: "P", tableName: "states", columns: { id: { type: Number, primary: true } } });\n`);
    project.writeConfig(`plugins: [{ name: "fsm", entities: [P], tablePrefix: "fsm_" }],`, `import { P } from "./p";\n`);
    const run = await project.run(["current"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Table "states" (P) of plugin "fsm" is outside its tablePrefix "fsm_"`);
    project.remove();
  });

  it("migrate() from code applies the plugin's branch and the FSM storage works on the table it created", async () => {
    const project = new TestProject(db);
    const fsm = fsmStorage({ tableName: "bot_fsm" });
    project.writeRevision(
      {
        id: rid("f51"),
        branchLabels: ["fsm"],
        up: `await queryRunner.query("CREATE TABLE bot_fsm (bot_id varchar(64) NOT NULL, chat_id varchar(64) NOT NULL, user_id varchar(64) NOT NULL, thread_id varchar(64) NOT NULL DEFAULT '', destiny varchar(64) NOT NULL DEFAULT 'default', state varchar(255), data text NOT NULL, PRIMARY KEY (bot_id, chat_id, user_id, thread_id, destiny))");`,
      },
      "migrations/fsm",
    );
    const { DataSource } = await import("typeorm");
    const dataSource = new DataSource(db.options);
    const applied = await migrate({ dataSource, migrationsDir: join(project.dir, "migrations"), plugins: [fsm.plugin] }, { rootDir: project.dir });
    expect(applied.map((a) => [a.revision, a.branch])).toEqual([[rid("f51"), "fsm"]]);
    // strata ran on its own connection; the app's DataSource gained the plugin's entity and connects itself.
    expect(dataSource.isInitialized).toBe(false);
    await dataSource.initialize();
    const storage = fsm.storage(dataSource);
    const key = { botId: 1, chatId: -100, userId: 7 };
    expect(await storage.getState(key)).toBeNull();
    await storage.setState(key, "asking_name");
    await storage.updateData(key, { step: 1 });
    await storage.updateData(key, { name: "Ada" });
    expect(await storage.getState(key)).toBe("asking_name");
    expect(await storage.getData(key)).toEqual({ step: 1, name: "Ada" });
    expect(await storage.getState({ ...key, threadId: 5 })).toBeNull();
    await storage.clear(key);
    expect(await storage.getData(key)).toEqual({});
    await dataSource.destroy();
    expect(await tableNames(db)).toContain("bot_fsm");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toContain(rid("f51"));
    expect(await queryDb(db, "SELECT * FROM bot_fsm")).toEqual([]);
    project.remove();
  });
});

function readConfig(project: TestProject): string {
  return readFileSync(join(project.dir, "ormconfig.ts"), "utf8");
}
