import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, TestProject } from "../support/project";
import { queryDb } from "../support/query";

const SRC = JSON.stringify(join(REPO_ROOT, "src"));

const entities = (schema: string) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity()
export class Account {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 40 }) name: string;
}
@Entity(${schema ? JSON.stringify({ schema }) : ""})
export class Invoice {
  @PrimaryGeneratedColumn() id: number;
  @Column("integer") cents: number;
}
`;

/** A schema is PostgreSQL's alone: SQLite has none to put a table in (CI runs this file in the PostgreSQL legs). */
describe.skipIf(!DIALECTS.includes("postgres"))("PostgreSQL schemas", () => {
  let db: TestDatabase;
  let project: TestProject;
  const config = (dataSourceSchema: string) =>
    writeFileSync(
      join(project.dir, "ormconfig.ts"),
      `import { defineConfig } from ${SRC};
import { Account, Invoice } from "./entities";
export default defineConfig({
  dataSource: { type: "postgres", url: ${JSON.stringify(db.url)}, ${dataSourceSchema ? `schema: ${JSON.stringify(dataSourceSchema)}, ` : ""}entities: [Account, Invoice] },
});
`,
    );
  const tablesIn = async (schema: string) =>
    (await queryDb<{ name: string }>(db, `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema])).map((r) => r.name);

  beforeEach(async () => {
    db = await createTestDatabase("postgres", "pg_schemas");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("manages the schema a DataSource names: autogenerate proves it on a scratch database that has that schema too", async () => {
    await queryDb(db, `CREATE SCHEMA tenant`);
    project.writeFile("entities.ts", entities(""));
    config("tenant");
    const generated = await project.run(["revision", "--autogenerate", "-m", "tenant"]);
    expect(generated.code, generated.stderr).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await tablesIn("tenant")).toEqual(expect.arrayContaining(["account", "invoice"]));
    // strata's own tables too: every statement of strata's searches the app's schema.
    expect(await tablesIn("public")).toEqual([]);
    const checked = await project.run(["check"]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  }, 120_000);

  it("refuses an entity kept in another schema before anything is written, naming it and the way out", async () => {
    project.writeFile("entities.ts", entities("billing"));
    config("");
    const generated = await project.run(["revision", "--autogenerate", "-m", "billing"]);
    expect(generated.code).toBe(2);
    expect(generated.stderr).toContain(`Entity Invoice keeps its table in schema "billing"`);
    expect(generated.stderr).toContain(`"databases" form`);
    const checked = await project.run(["check"]);
    expect(checked.code).toBe(2);
    expect(await tablesIn("public")).toEqual([]);
    expect(await tablesIn("billing")).toEqual([]);
  }, 120_000);

  it("takes an entity that names the default schema outright as one of its tables", async () => {
    project.writeFile("entities.ts", entities("public"));
    config("");
    const generated = await project.run(["revision", "--autogenerate", "-m", "public"]);
    expect(generated.code, generated.stderr).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await tablesIn("public")).toEqual(expect.arrayContaining(["account", "invoice"]));
    expect((await project.run(["check"])).code).toBe(0);
  }, 120_000);
});
