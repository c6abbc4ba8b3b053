import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogOf } from "../support/catalog";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, tableNames } from "../support/query";

const FIXTURE = JSON.stringify(join(REPO_ROOT, "test", "schema", "fixtures", "everything"));
const SRC = JSON.stringify(join(REPO_ROOT, "src"));

const members = (columns: string) => `import { Column, Entity, Index, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";
@Entity("members")
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 32 }) name: string;
  @Index() @Column({ default: 0 }) karma: number;
  ${columns}
}
/** A view entity's view is in the snapshot too. */
@ViewEntity({ name: "liked_members", expression: "SELECT name FROM members WHERE karma > 0" })
export class LikedMember {
  @ViewColumn() name: string;
}
`;

/** A plugin table with a foreign key into the app's: its base depends on the app's first revision. */
const quiz = (columns = "") => `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Member } from "./app-entities";
@Entity("quiz_answers")
export class QuizAnswer {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Member, { onDelete: "CASCADE" }) member: Member;
  @Column({ length: 200 }) answer: string;
  ${columns}
}
`;
const GRADE = `@Column({ type: "varchar", length: 8, nullable: true }) grade: string | null;`;

/** The config reads its database from SQUASH_DB, so one project (one set of files) serves several databases. */
function writeConfig(project: TestProject, db: TestDatabase, dialect: string): void {
  const dataSource =
    db.dialect === "sqlite"
      ? `{ type: ${JSON.stringify(db.options.type)}, database: process.env.SQUASH_DB ?? ${JSON.stringify(db.url)}, entities }`
      : `{ type: "postgres", url: process.env.SQUASH_DB ?? ${JSON.stringify(db.url)}, entities }`;
  project.writeFile(
    "ormconfig.ts",
    `import { defineConfig, definePlugin } from ${SRC};
import { entitiesFor } from ${FIXTURE};
import { LikedMember, Member } from "./app-entities";
import { QuizAnswer } from "./quiz-entities";
const entities = [...entitiesFor(${JSON.stringify(dialect)}), Member, LikedMember];
export default defineConfig({
  dataSource: ${dataSource},
  plugins: [definePlugin({ name: "quiz", entities: [QuizAnswer] })],
});
`,
  );
}

const revisionFiles = (dir: string) => readdirSync(dir).filter((f) => /^[0-9a-f]{12}_.*\.ts$/.test(f)).sort();

describe.each(DIALECTS)("squash on %s", (dialect) => {
  /** Built along the history before the squash. */
  let old: TestDatabase;
  /** Empty until the snapshot exists. */
  let fresh: TestDatabase;
  /** At the first revision when the squash is written; upgraded while the old files are there. */
  let behind: TestDatabase;
  /** At the first revision, still there once the old files are deleted. */
  let stranded: TestDatabase;
  let project: TestProject;
  const on = (db: TestDatabase, args: string[]) => project.run(args, { SQUASH_DB: db.url });
  const history: string[] = [];
  const quizHistory: string[] = [];
  let snapshot: string;
  let quizSnapshot: string;

  beforeAll(async () => {
    [old, fresh, behind, stranded] = await Promise.all(["squash_old", "squash_fresh", "squash_behind", "squash_stranded"].map((n) => createTestDatabase(dialect, n)));
    project = new TestProject(old);
    project.writeFile("app-entities.ts", members(""));
    project.writeFile("quiz-entities.ts", quiz());
    writeConfig(project, old, dialect);
    const steps = [members(""), members(`@Column({ type: "varchar", length: 20, nullable: true }) nick: string | null;`), members(`@Column({ type: "varchar", length: 20, nullable: true }) nick: string | null;`).replace("length: 32", "length: 64")];
    for (const [i, entities] of steps.entries()) {
      project.writeFile("app-entities.ts", entities);
      // The plugin's second revision: its branch has a history of two to squash.
      if (i === 1) project.writeFile("quiz-entities.ts", quiz(GRADE));
      const generated = await on(old, ["revision", "--autogenerate", "-m", `step ${i}`]);
      expect(generated.code, generated.stderr).toBe(0);
      expect((await on(old, ["upgrade", "heads"])).code).toBe(0);
    }
    history.push(...revisionFiles(join(project.dir, "migrations")));
    expect(history).toHaveLength(3);
    quizHistory.push(...revisionFiles(join(project.dir, "migrations", "quiz")));
    expect(quizHistory).toHaveLength(2);
    const first = history.map((f) => f.slice(0, 12)).find((id) => readFileSync(join(project.dir, "migrations", history.find((f) => f.startsWith(id))!), "utf8").includes("downRevision: null"))!;
    for (const db of [behind, stranded]) expect((await on(db, ["upgrade", first])).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    project.remove();
    await Promise.all([old, fresh, behind, stranded].map((db) => db.drop()));
  });

  it("writes a snapshot of the app branch, proven against its history, that replaces the three revisions", async () => {
    const run = await on(old, ["squash", "app@head", "-m", "snapshot"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("replaces 3 revisions; proven");
    const added = revisionFiles(join(project.dir, "migrations")).filter((f) => !history.includes(f));
    expect(added).toHaveLength(1);
    snapshot = added[0]!.slice(0, 12);
    const text = readFileSync(join(project.dir, "migrations", added[0]!), "utf8");
    expect(text).toContain("downRevision: null");
    for (const file of history) expect(text).toContain(`"${file.slice(0, 12)}"`);
    expect(text).toContain("createTable");
    expect(text).toContain(`createView(queryRunner, {`);
    // The plugin's base still depends on the app's first revision: the snapshot stands for it.
    expect(run.stdout).toContain("these files may be deleted");
  });

  it("squashes the plugin branch too, its snapshot depending on the app's", async () => {
    const run = await on(old, ["squash", "quiz@head", "-m", "quiz snapshot"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("replaces 2 revisions; proven");
    const added = revisionFiles(join(project.dir, "migrations", "quiz")).filter((f) => !quizHistory.includes(f));
    expect(added).toHaveLength(1);
    quizSnapshot = added[0]!.slice(0, 12);
    const text = readFileSync(join(project.dir, "migrations", "quiz", added[0]!), "utf8");
    expect(text).toContain(`dependsOn: ["${snapshot}"]`);
    expect(text).toContain(`branchLabels: ["quiz"]`);
  });

  it("builds a fresh database from the snapshot, with the catalog the history built", async () => {
    const upgraded = await on(fresh, ["upgrade", "heads"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const rows = (await appliedRevisions(fresh)).map((r) => r.revision);
    expect(rows.sort()).toEqual([snapshot, quizSnapshot].sort());
    const catalog = await catalogOf(old);
    expect(catalog.filter((line) => line.startsWith("column members."))).toHaveLength(4);
    expect(catalog.some((line) => line.startsWith("foreign key quiz_answers.") || line.includes("FOREIGN KEY"))).toBe(true);
    expect(await catalogOf(fresh)).toEqual(catalog);
    for (const db of [old, fresh]) expect((await on(db, ["check"])).code).toBe(0);
    expect((await on(fresh, ["history"])).stdout).toContain(`[x] <base> -> ${snapshot} (app) [snapshot of 3], snapshot`);
    expect((await on(fresh, ["show", snapshot])).stdout).toContain(`Replaces: 3 revisions`);
  });

  it("upgrades a database partway through the history along the history while its files are there", async () => {
    const upgraded = await on(behind, ["upgrade", "heads"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect((await appliedRevisions(behind)).map((r) => r.revision)).not.toContain(snapshot);
    expect(await catalogOf(behind)).toEqual(await catalogOf(old));
  });

  it("once the old files are deleted, current, check and upgrade work on old and new databases alike, and new revisions build on the snapshot", async () => {
    for (const file of history) rmSync(join(project.dir, "migrations", file));
    for (const file of quizHistory) rmSync(join(project.dir, "migrations", "quiz", file));
    for (const db of [old, fresh, behind]) {
      const current = await on(db, ["current", "--json"]);
      expect(current.code, current.stderr).toBe(0);
      expect(JSON.parse(current.stdout).map((h: { revision: string }) => h.revision)).toEqual(expect.arrayContaining([snapshot, quizSnapshot]));
      expect((await on(db, ["check"])).code).toBe(0);
      expect((await on(db, ["wait", "--timeout", "5"])).code).toBe(0);
      expect((await on(db, ["upgrade", "heads"])).stdout).toContain("Nothing to do");
    }
    project.writeFile("app-entities.ts", members(`@Column({ type: "varchar", length: 20, nullable: true }) nick: string | null;\n  @Column({ default: 1 }) level: number;`).replace("length: 32", "length: 64"));
    const generated = await on(old, ["revision", "--autogenerate", "-m", "after the snapshot"]);
    expect(generated.code, generated.stderr).toBe(0);
    const next = revisionFiles(join(project.dir, "migrations")).find((f) => !f.startsWith(snapshot))!;
    expect(readFileSync(join(project.dir, "migrations", next), "utf8")).toContain(`downRevision: "${snapshot}"`);
    for (const db of [old, fresh, behind]) {
      const upgraded = await on(db, ["upgrade", "heads"]);
      expect(upgraded.code, upgraded.stderr).toBe(0);
      expect((await on(db, ["check"])).code).toBe(0);
    }
    expect(await catalogOf(fresh)).toEqual(await catalogOf(old));
  });

  it("refuses a database partway through the squashed history once its files are gone, saying how to recover", async () => {
    const run = await on(stranded, ["upgrade", "heads"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`partway through the history that snapshot ${snapshot}`);
    expect(run.stderr).toContain("Restore the deleted revision files");
    expect(await tableNames(stranded)).not.toContain("quiz_answers");
  });

  it("downgrade base takes an old database's history rows with the snapshot", async () => {
    for (const db of [old, fresh]) {
      const run = await on(db, ["downgrade", "base", "--yes"]);
      expect(run.code, run.stderr).toBe(0);
      expect(await appliedRevisions(db)).toEqual([]);
      // typeorm_metadata is TypeORM's bookkeeping (the view's record went with the view): neither TypeORM nor strata drops it.
      expect((await tableNames(db)).filter((t) => !t.startsWith("strata_") && t !== "typeorm_metadata")).toEqual([]);
    }
  });
});

describe.each(DIALECTS)("squash of a history that inserts rows, on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, "squash_seeded");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("b1"),
      message: "roles",
      up: `await queryRunner.createTable(new (require("typeorm").Table)({ name: "roles", columns: [{ name: "id", type: "integer", isPrimary: true }, { name: "name", type: "varchar", length: "20" }] }));`,
      downBody: `await queryRunner.dropTable("roles");`,
    });
    project.writeRevision({ id: rid("b2"), down: rid("b1"), message: "seed roles", up: `await queryRunner.query("INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'member')");` });
    project.writeRevision({
      id: rid("b3"),
      down: rid("b2"),
      message: "a view",
      up: `await queryRunner.query("CREATE VIEW role_names AS SELECT name FROM roles");`,
      downBody: `await queryRunner.query("DROP VIEW role_names");`,
    });
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("refuses, naming the table and its rows and the view, and writes the snapshot only with --schema-only", async () => {
    const refused = await project.run(["squash", "app@head", "-m", "snapshot"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("inserts rows into roles (2 rows) and creates view role_names, which a snapshot holds no code for. Nothing was written.");
    expect(revisionFiles(join(project.dir, "migrations"))).toHaveLength(3);
    const written = await project.run(["squash", "app@head", "-m", "snapshot", "--schema-only"]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain("the history inserts 2 row(s) into roles");
    expect(written.stdout).toContain("the history creates view role_names");
    expect(revisionFiles(join(project.dir, "migrations"))).toHaveLength(4);
  });
});
