import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJavaScript } from "../../src/graph/parse-javascript";
import { checksumOf } from "../../src/graph/revision-checksum";
import { cachedCommonJs, tscOutput } from "../support/compile-cache";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, TestProject } from "../support/project";
import { appliedRevisions, queryDb, tableNames } from "../support/query";


const FIXTURE = JSON.stringify(join(REPO_ROOT, "test", "schema", "fixtures", "everything"));

const APP_ENTITIES = `import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
@Entity("members")
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 32 }) name: string;
  @Index() @Column({ default: 0 }) karma: number;
}
`;

const pluginEntities = (extraColumn: string) => `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Member } from "./app-entities";
@Entity("quiz_answers")
export class QuizAnswer {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Member, { onDelete: "CASCADE" }) member: Member;
  @Column({ length: 200 }) answer: string;
  ${extraColumn}
}
`;

/** Generated files of a branch directory, by name. */
const filesIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe.each(DIALECTS)("autogenerate on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "autogen");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("generates every common column kind, applies it, and check then reports nothing", async () => {
    project.writeConfig("", `import { entitiesFor } from ${FIXTURE};`, `entitiesFor(${JSON.stringify(dialect)})`);
    const generated = await project.run(["revision", "--autogenerate", "-m", "everything"]);
    expect(generated.stderr).not.toMatch(/DESTRUCTIVE|rror/);
    expect(generated.code).toBe(0);
    expect(filesIn(join(project.dir, "migrations"))).toHaveLength(1);
    // The new file is in the compile cache with the JavaScript strata rendered for it (tsc writes "use strict" on a line of its own) ...
    const file = join(project.dir, "migrations", filesIn(join(project.dir, "migrations"))[0]!);
    const text = readFileSync(file, "utf8");
    const cached = cachedCommonJs(text, file);
    expect(cached).toMatch(/^"use strict"; Object\.defineProperty\(exports, "__esModule", \{ value: true \}\); /);
    expect((await project.run(["upgrade"])).code).toBe(0);
    // ... and the checksum the database records from it is the one tsc's own output gives.
    const tscChecksum = checksumOf(parseJavaScript(tscOutput(text, file, "commonjs")));
    expect((await appliedRevisions(db)).map((row) => row.checksum)).toEqual([tscChecksum]);
    const check = await project.run(["check"]);
    expect(check.stdout).toContain("OK");
    expect(check.code).toBe(0);
    const again = await project.run(["revision", "--autogenerate", "-m", "nothing"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes");
    expect(filesIn(join(project.dir, "migrations"))).toHaveLength(1);
    // The downgrade of the generated file runs too, and leaves only the version table.
    expect((await project.run(["downgrade", "base"])).code).toBe(0);
    expect(await tableNames(db)).toEqual(["strata_version"]);
  });

  it("writes one file per branch, a plugin base depending on the app revision its foreign key needs", async () => {
    project.writeFile("app-entities.ts", APP_ENTITIES);
    project.writeFile("plugin-entities.ts", pluginEntities(""));
    const preamble = `import { Member } from "./app-entities";\nimport { QuizAnswer } from "./plugin-entities";`;
    project.writeConfig(`plugins: [{ name: "quiz", entities: [QuizAnswer], tablePrefix: "quiz_" }],`, preamble, "[Member]");
    const generated = await project.run(["revision", "--autogenerate", "-m", "members and quiz"]);
    expect(generated.code).toBe(0);
    const [appFile] = filesIn(join(project.dir, "migrations"));
    const [pluginFile] = filesIn(join(project.dir, "migrations", "quiz"));
    const appText = readFileSync(join(project.dir, "migrations", appFile!), "utf8");
    const pluginText = readFileSync(join(project.dir, "migrations", "quiz", pluginFile!), "utf8");
    expect(appText).toContain('"members"');
    expect(appText).not.toContain("quiz_answers");
    expect(pluginText).toContain('branchLabels: ["quiz"]');
    expect(pluginText).toContain(`dependsOn: ["${appFile!.slice(0, 12)}"]`);
    expect(pluginText).not.toMatch(/createTable\([^)]*"members"/);

    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, karma) VALUES ('ada', 1)`);
    await queryDb(db, `INSERT INTO quiz_answers ("memberId", answer) VALUES (1, 'forty-two')`);
    expect((await project.run(["check"])).code).toBe(0);

    // A change in the plugin entity only: one file, on the plugin branch.
    project.writeFile("plugin-entities.ts", pluginEntities(`@Column({ type: "varchar", length: 20, nullable: true }) grade: string | null;`));
    const second = await project.run(["revision", "--autogenerate", "-m", "grades"]);
    expect(second.code).toBe(0);
    expect(filesIn(join(project.dir, "migrations"))).toHaveLength(1);
    expect(filesIn(join(project.dir, "migrations", "quiz"))).toHaveLength(2);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await queryDb(db, "SELECT answer FROM quiz_answers")).toEqual([{ answer: "forty-two" }]);
    expect((await project.run(["check"])).code).toBe(0);

    // Dropping the plugin from the config: its tables are orphans, reported and never dropped.
    project.writeConfig("", `import { Member } from "./app-entities";`, "[Member]");
    const orphaned = await project.run(["revision", "--autogenerate", "-m", "after quiz"]);
    expect(orphaned.code).toBe(0);
    expect(orphaned.stdout).toContain("No changes");
    expect(orphaned.stderr).toContain("Orphaned table quiz_answers: created by branch quiz");
    expect(await tableNames(db)).toContain("quiz_answers");
  });

  it("proposes DROP TABLE for a removed entity on its branch, marked destructive, and leaves foreign tables alone", async () => {
    project.writeFile("app-entities.ts", APP_ENTITIES);
    project.writeConfig(`ignoreTables: ["audit_*"],`, `import { Member } from "./app-entities";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, "CREATE TABLE audit_log (id integer)");
    await queryDb(db, "CREATE TABLE legacy_stuff (id integer)");
    project.writeConfig(`ignoreTables: ["audit_*"],`, "", "[]");
    const dropped = await project.run(["revision", "--autogenerate", "-m", "no more members"]);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(/DESTRUCTIVE \(app\): drop table members/);
    expect(dropped.stderr).toContain("audit_log");
    expect(dropped.stderr).toContain("legacy_stuff");
    const file = filesIn(join(project.dir, "migrations")).find((f) => f.includes("no_more_members"))!;
    const text = readFileSync(join(project.dir, "migrations", file), "utf8");
    expect(text).toMatch(/\/\/ DESTRUCTIVE: .*members/);
    expect(text).not.toContain("audit_log");
    expect(text).not.toContain("legacy_stuff");
  });

  it("a dropped NOT NULL column comes back nullable in down(), so the downgrade runs on a table with rows", async () => {
    const members = (extra: string) => APP_ENTITIES.replace("karma: number;", `karma: number;\n  ${extra}`);
    project.writeFile("app-entities.ts", members(`@Column({ length: 20 }) nick: string;\n  @Column({ default: 3 }) level: number;`));
    project.writeConfig("", `import { Member } from "./app-entities";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, nick, level) VALUES ('ada', 'a', 7), ('bob', 'b', 8)`);
    project.writeFile("app-entities.ts", members(""));
    const dropped = await project.run(["revision", "--autogenerate", "-m", "no nick"]);
    expect(dropped.code, dropped.stderr).toBe(0);
    const file = filesIn(join(project.dir, "migrations")).find((f) => f.includes("no_nick"))!;
    const down = readFileSync(join(project.dir, "migrations", file), "utf8").split("async down")[1]!;
    expect(down).toContain("// members.nick comes back nullable (it was NOT NULL): up() dropped its values");
    expect(down).toContain("// members.level comes back empty: up() dropped its values");
    const upgraded = await project.run(["upgrade"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const downgraded = await project.run(["downgrade", "-1"]);
    expect(downgraded.code, downgraded.stderr).toBe(0);
    expect(await queryDb(db, "SELECT name, nick, level FROM members ORDER BY id")).toEqual([
      { name: "ada", nick: null, level: 3 },
      { name: "bob", nick: null, level: 3 },
    ]);
  });

  it("adds an enum value as one operation that runs, then checks clean", async () => {
    const type = dialect === "postgres" ? "enum" : "simple-enum";
    const moods = (values: string[]) =>
      APP_ENTITIES.replace("karma: number;", `karma: number;\n  @Column({ type: "${type}", enum: ${JSON.stringify(values)}, default: "calm" }) mood: string;`);
    project.writeFile("app-entities.ts", moods(["calm", "glad"]));
    project.writeConfig("", `import { Member } from "./app-entities";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, mood) VALUES ('ada', 'glad')`);
    project.writeFile("app-entities.ts", moods(["calm", "glad", "wry"]));
    const generated = await project.run(["revision", "--autogenerate", "-m", "wry"]);
    expect(generated.code, generated.stderr).toBe(0);
    const file = filesIn(join(project.dir, "migrations")).find((f) => f.includes("wry"))!;
    const up = readFileSync(join(project.dir, "migrations", file), "utf8").split("async up")[1]!.split("async down")[0]!;
    expect(up.match(/await \w+\(/g)).toEqual(["await alterColumn("]);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, mood) VALUES ('bob', 'wry')`);
    const check = await project.run(["check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    await queryDb(db, `DELETE FROM members WHERE mood = 'wry'`);
    expect((await project.run(["downgrade", "-1"])).code).toBe(0);
    await expect(queryDb(db, `INSERT INTO members (name, mood) VALUES ('cy', 'wry')`)).rejects.toThrow();
    expect(await queryDb(db, "SELECT name, mood FROM members")).toEqual([{ name: "ada", mood: "glad" }]);
  });

  it("renames a column with --rename instead of dropping it, keeping the data", async () => {
    project.writeFile("app-entities.ts", APP_ENTITIES);
    project.writeConfig("", `import { Member } from "./app-entities";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, karma) VALUES ('ada', 7), ('bob', 3)`);
    project.writeFile("app-entities.ts", APP_ENTITIES.replace("karma: number", "reputation: number"));
    const asked = await project.run(["revision", "--autogenerate", "-m", "reputation"]);
    expect(asked.stderr).toContain("--rename members.karma:reputation");
    expect(asked.code).toBe(2);
    expect(filesIn(join(project.dir, "migrations"))).toHaveLength(1);
    const renamed = await project.run(["revision", "--autogenerate", "-m", "reputation", "--rename", "members.karma:reputation"]);
    expect(renamed.code).toBe(0);
    expect(renamed.stderr).not.toContain("DESTRUCTIVE");
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await queryDb(db, "SELECT name, reputation FROM members ORDER BY name")).toEqual([
      { name: "ada", reputation: 7 },
      { name: "bob", reputation: 3 },
    ]);
    expect((await project.run(["check"])).code).toBe(0);
  });

  it("asks about the junction table and its column when an entity's table is renamed, and keeps the links", async () => {
    const entities = (tagTable: string) => `import { Column, Entity, JoinTable, ManyToMany, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
@Entity(${JSON.stringify(tagTable)})
export class Tag {
  @PrimaryColumn({ length: 40 }) name: string;
  @ManyToMany(() => Post, (p) => p.tags) posts: Post[];
}
@Entity("posts")
export class Post {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 80 }) title: string;
  @ManyToMany(() => Tag, (t) => t.posts) @JoinTable() tags: Tag[];
}
`;
    project.writeFile("blog-entities.ts", entities("tag"));
    project.writeConfig("", `import { Post, Tag } from "./blog-entities";`, "[Post, Tag]");
    expect((await project.run(["revision", "--autogenerate", "-m", "blog"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO posts (title) VALUES ('hello')`);
    await queryDb(db, `INSERT INTO tag (name) VALUES ('news')`);
    await queryDb(db, `INSERT INTO posts_tags_tag ("postsId", "tagName") VALUES (1, 'news')`);
    // TypeORM names the junction table and its column after the entity's table: both change with it.
    project.writeFile("blog-entities.ts", entities("tags"));
    const asked = await project.run(["revision", "--autogenerate", "-m", "tags"]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain("--rename-table tag:tags");
    expect(asked.stderr).toContain("--rename-table posts_tags_tag:posts_tags_tags");
    const all = asked.stderr.split("To answer all of them as renames:\n")[1]!.trim();
    expect(all).toMatch(/--rename-table tag:tags --rename-table posts_tags_tag:posts_tags_tags$|--rename-table posts_tags_tag:posts_tags_tags --rename-table tag:tags$/);
    const tables = ["--rename-table", "tag:tags", "--rename-table", "posts_tags_tag:posts_tags_tags"];
    const column = await project.run(["revision", "--autogenerate", "-m", "tags", ...tables]);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain("--rename posts_tags_tags.tagName:tagsName");
    const renamed = await project.run(["revision", "--autogenerate", "-m", "tags", ...tables, "--rename", "posts_tags_tags.tagName:tagsName"]);
    expect(renamed.stderr).not.toContain("DESTRUCTIVE");
    expect(renamed.code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await queryDb(db, `SELECT "postsId", "tagsName" FROM posts_tags_tags`)).toEqual([{ postsId: 1, tagsName: "news" }]);
    expect((await project.run(["check"])).code).toBe(0);
    // Its down() renames back and rebuilds the junction's keys: nothing is lost, so no --yes is needed.
    const down = await project.run(["downgrade", "-1"]);
    expect(down.stderr).not.toContain("drops");
    expect(down.code).toBe(0);
    expect(await queryDb(db, `SELECT "postsId", "tagName" FROM posts_tags_tag`)).toEqual([{ postsId: 1, tagName: "news" }]);
  });

  it("widens a varchar and keeps every row, index and child row", async () => {
    project.writeFile("app-entities.ts", APP_ENTITIES);
    project.writeFile("plugin-entities.ts", pluginEntities(""));
    const preamble = `import { Member } from "./app-entities";\nimport { QuizAnswer } from "./plugin-entities";`;
    project.writeConfig(`plugins: [{ name: "quiz", entities: [QuizAnswer] }],`, preamble, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "init"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    for (let i = 1; i <= 50; i++) await queryDb(db, `INSERT INTO members (name, karma) VALUES ('m${i}', ${i})`);
    await queryDb(db, `INSERT INTO quiz_answers ("memberId", answer) VALUES (1, 'a'), (2, 'b')`);
    project.writeFile("app-entities.ts", APP_ENTITIES.replace("length: 32", "length: 120").replace("@Column({ default: 0 }) karma: number", `@Column({ type: "bigint", default: 0 }) karma: string`));
    const generated = await project.run(["revision", "--autogenerate", "-m", "wider"]);
    expect(generated.code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(Number((await queryDb<{ n: number }>(db, "SELECT COUNT(*) AS n FROM members"))[0]!.n)).toBe(50);
    expect(Number((await queryDb<{ n: number }>(db, "SELECT COUNT(*) AS n FROM quiz_answers"))[0]!.n)).toBe(2);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await project.run(["downgrade", "app@-1"])).code).toBe(0);
    expect(Number((await queryDb<{ n: number }>(db, "SELECT COUNT(*) AS n FROM quiz_answers"))[0]!.n)).toBe(2);
  });

  it("a renamed FSM storage table is generated as a rename, keeping the states", async () => {
    const src = JSON.stringify(join(REPO_ROOT, "src"));
    project.writeConfig(
      "plugins: [fsm.plugin],",
      `import { fsmStorage } from ${src};\nconst fsm = fsmStorage({ tableName: process.env.FSM_TABLE_NAME ?? "fsm_data" });`,
    );
    const first = await project.run(["revision", "--autogenerate", "-m", "fsm storage"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("on branch fsm");
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO fsm_data (bot_id, chat_id, user_id, state, data) VALUES ('1', '2', '3', 'waiting', '{}')`);
    const env = { FSM_TABLE_NAME: "bot_states" };
    const renamed = await project.run(["revision", "--autogenerate", "-m", "rename storage"], env);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toContain("rename table fsm_data -> bot_states");
    expect(renamed.stderr).not.toContain("DESTRUCTIVE");
    expect((await project.run(["upgrade"], env)).code).toBe(0);
    expect(await queryDb(db, "SELECT state FROM bot_states")).toEqual([{ state: "waiting" }]);
    expect(await tableNames(db)).not.toContain("fsm_data");
    expect((await project.run(["check"], env)).code).toBe(0);
  });

  it("refuses to generate while the database is behind the branch head, and check lists the pending revision", async () => {
    project.writeFile("app-entities.ts", APP_ENTITIES);
    project.writeConfig("", `import { Member } from "./app-entities";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    const [file] = filesIn(join(project.dir, "migrations"));
    const refused = await project.run(["revision", "--autogenerate", "-m", "again"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("strata upgrade app@head");
    expect(filesIn(join(project.dir, "migrations"))).toEqual([file]);
    const check = await project.run(["check", "--json"]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).pending).toEqual([file!.slice(0, 12)]);
  });

  it("refuses an unsafe FSM_TABLE_NAME before connecting", async () => {
    const src = JSON.stringify(join(REPO_ROOT, "src"));
    project.writeConfig("plugins: [fsm.plugin],", `import { fsmStorage } from ${src};\nconst fsm = fsmStorage({ tableName: process.env.FSM_TABLE_NAME ?? "fsm_data" });`);
    const run = await project.run(["revision", "--autogenerate", "-m", "x"], { FSM_TABLE_NAME: 'x"; DROP TABLE members; --' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FSM_TABLE_NAME");
    expect(await tableNames(db)).toEqual([]);
  });
});
