import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, tableNames } from "../support/query";

const SRC = JSON.stringify(join(REPO_ROOT, "src").split("\\").join("/"));
const dataSource = (db: TestDatabase, entities: string) =>
  db.dialect === "sqlite"
    ? `{ type: "${db.options.type}", database: ${JSON.stringify(db.url)}, entities: ${entities} }`
    : `{ type: "postgres", url: ${JSON.stringify(db.url)}, entities: ${entities} }`;

/** `databases: { main, state }`, each on its own database; `stateEntities` lets a test make the two claim one table. */
function fleetConfig(main: TestDatabase, state: TestDatabase, stateEntities = "[]"): string {
  return [
    `import { EntitySchema } from "typeorm";`,
    `import { defineConfig } from ${SRC};`,
    `const Note = new EntitySchema({ name: "Note", tableName: "notes", columns: { id: { type: Number, primary: true } } });`,
    `export default defineConfig({`,
    `  databases: {`,
    `    main: { dataSource: ${dataSource(main, "[Note]")}, migrationsDir: "migrations/main" },`,
    `    state: { dataSource: ${dataSource(state, stateEntities)}, migrationsDir: "migrations/state", versionTable: "state_version" },`,
    `  },`,
    `});`,
    ``,
  ].join("\n");
}

const create = (table: string) => `await queryRunner.query("CREATE TABLE ${table} (id integer PRIMARY KEY)");`;
const drop = (table: string) => `await queryRunner.query("DROP TABLE ${table}");`;

describe.each(DIALECTS)("several logical databases on %s", (dialect) => {
  let main: TestDatabase;
  let state: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    main = await createTestDatabase(dialect, "fleet_main");
    state = await createTestDatabase(dialect, "fleet_state");
    project = new TestProject(main);
    project.writeFile("ormconfig.ts", fleetConfig(main, state));
    project.writeRevision({ id: rid("b1"), message: "notes", up: create("notes"), downBody: drop("notes") }, "migrations/main");
    project.writeRevision({ id: rid("c1"), message: "state groups", up: create("state_groups"), downBody: drop("state_groups") }, "migrations/state");
  });
  afterAll(async () => {
    project.remove();
    await main.drop();
    await state.drop();
  });

  it("upgrade heads migrates every database in the order given, each with its own version table", async () => {
    const run = await project.run(["upgrade", "heads"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Database main:\nApplied 1 revision\(s\)\.\nDatabase state:\nApplied 1 revision\(s\)\./);
    expect(await tableNames(main)).toEqual(["notes", "strata_version"]);
    expect(await tableNames(state)).toEqual(["state_groups", "state_version"]);
    expect((await appliedRevisions(main)).map((r) => r.revision)).toEqual([rid("b1")]);
    expect((await appliedRevisions(state, "state_version")).map((r) => r.revision)).toEqual([rid("c1")]);
  });

  it("--database acts on one; current --json and check --json report per database", async () => {
    const down = await project.run(["downgrade", "base", "--database", "state"]);
    expect(down.code).toBe(0);
    expect(await tableNames(state)).toEqual(["state_version"]);
    expect(await tableNames(main)).toContain("notes");
    const current = JSON.parse((await project.run(["current", "--json"])).stdout);
    expect(current).toEqual({ main: [expect.objectContaining({ revision: rid("b1"), branches: ["app"] })], state: [] });
    const check = await project.run(["check", "--json"]);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout);
    expect(Object.keys(report)).toEqual(["main", "state"]);
    expect(report.main.pending).toEqual([]);
    expect(report.state.pending).toEqual([rid("c1")]);
    const unknown = await project.run(["current", "--database", "events"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`No database "events" in the config: it has main, state.`);
    const show = await project.run(["show", rid("b1")]);
    expect(show.code).toBe(2);
    expect(show.stderr).toContain("name one with --database NAME");
    expect((await project.run(["show", rid("b1"), "--database", "main"])).code).toBe(0);
  });

  it("migrate() takes the databases form too", async () => {
    const config = (await import(join(project.dir, "ormconfig.ts"))).default;
    const applied = await migrate(config);
    expect(applied.map((r) => [r.database, r.revision])).toEqual([["state", rid("c1")]]);
    expect(await tableNames(state)).toContain("state_groups");
  });

  it("a table claimed by two databases is a configuration error naming both", async () => {
    project.writeFile("ormconfig.ts", fleetConfig(main, state, "[Note]"));
    const run = await project.run(["current"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Table "notes" is claimed by two databases: main (Note) and state (Note).`);
    project.writeFile("ormconfig.ts", fleetConfig(main, state));
  });
});
