import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, TestProject } from "../support/project";
import { queryDb } from "../support/query";

// Entity files load as users' do: through the TypeScript hook, which keeps decorator metadata.
require("../../src/loading/typescript-hook").registerTypeScript();
const { entitiesFor } = require("../schema/fixtures/everything") as typeof import("../schema/fixtures/everything");
const FIXTURE = JSON.stringify(join(REPO_ROOT, "test", "schema", "fixtures", "everything"));

/** What TypeORM's own synchronize would still run against the database. */
async function typeormWouldRun(db: TestDatabase, entities: NonNullable<ConstructorParameters<typeof DataSource>[0]["entities"]>): Promise<string[]> {
  const dataSource = new DataSource({ ...db.options, entities, logging: false } as ConstructorParameters<typeof DataSource>[0]);
  await dataSource.initialize();
  try {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

describe.each(DIALECTS)("TypeORM sees no drift in what strata builds on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "typeorm_drift");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("on the every-column-kind entity set", async () => {
    project.writeConfig("", `import { entitiesFor } from ${FIXTURE};`, `entitiesFor(${JSON.stringify(dialect)})`);
    const generated = await project.run(["revision", "--autogenerate", "-m", "everything"]);
    expect(generated.code, generated.stderr).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    const strataBuilt = await typeormWouldRun(db, entitiesFor(dialect));
    // TypeORM 0.3 does not converge on its own database for one column kind: a uuid column
    // whose default is gen_random_uuid() (extras_pg.token) is read back as a generated
    // column without a default, so it proposes the same two statements after its own
    // synchronize. Everything else it proposes would be strata's drift.
    const own = await createTestDatabase(dialect, "typeorm_own");
    try {
      const synchronized = new DataSource({ ...own.options, entities: entitiesFor(dialect), synchronize: true, logging: false } as ConstructorParameters<typeof DataSource>[0]);
      await synchronized.initialize();
      await synchronized.destroy();
      const typeormOwn = await typeormWouldRun(own, entitiesFor(dialect));
      expect(typeormOwn).toEqual(
        dialect === "postgres"
          ? ['ALTER TABLE "extras_pg" ALTER COLUMN "token" DROP DEFAULT', 'ALTER TABLE "extras_pg" ALTER COLUMN "token" SET DEFAULT gen_random_uuid()']
          : [],
      );
      expect(strataBuilt).toEqual(typeormOwn);
    } finally {
      await own.drop();
    }
  }, 120_000);

  it("on the example app, built from its own migrations", async () => {
    // The app as it is, with its relative imports of src/ and ormconfig.ts.
    rmSync(join(project.dir, "migrations"), { recursive: true });
    for (const part of ["src", "entities", "migrations", "ormconfig.ts"]) cpSync(join(REPO_ROOT, part), join(project.dir, part), { recursive: true });
    const env = { DATABASE_URL: dialect === "postgres" ? db.url : "" };
    const upgraded = await project.run(["upgrade"], env);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const target: TestDatabase =
      dialect === "postgres" ? db : { ...db, options: { ...db.options, database: join(project.dir, "var", "app.sqlite") } as TestDatabase["options"] };
    const loaded = require(join(project.dir, "ormconfig.ts")).default;
    const entities = [...loaded.dataSource.entities, ...loaded.plugins.flatMap((p: { entities: unknown[] }) => p.entities)];
    expect((await typeormWouldRun(target, entities)).join("\n")).toBe("");
  }, 120_000);

  it("with a generated column: created as one, its expression changed and changed back, TypeORM agreeing throughout", async () => {
    const entities = (expression: string) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("person")
export class Person {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 40 }) first_name: string;
  @Column({ length: 40 }) last_name: string;
  @Column({ type: "text", generatedType: "STORED", asExpression: ${JSON.stringify(expression)}, insert: false, update: false })
  full_name: string;
}
`;
    const fullNames = async () => (await queryDb<{ full_name: string }>(db, `SELECT full_name FROM person ORDER BY id`)).map((row) => row.full_name);
    const load = (file: string, expression: string) => {
      project.writeFile(file, entities(expression));
      return require(join(project.dir, file)).Person;
    };
    project.writeFile("person.ts", entities(`"first_name" || ' ' || "last_name"`));
    project.writeConfig("", `import { Person } from "./person";`, "[Person]");
    const created = await project.run(["revision", "--autogenerate", "-m", "person"]);
    expect(created.code, created.stderr).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO person (first_name, last_name) VALUES ('Ada', 'Lovelace')`);
    // Computed by the database, not a plain column the insert left empty.
    expect(await fullNames()).toEqual(["Ada Lovelace"]);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await typeormWouldRun(db, [load("person-1.ts", `"first_name" || ' ' || "last_name"`)])).join("\n")).toBe("");

    project.writeFile("person.ts", entities("last_name || ', ' || first_name"));
    const changed = await project.run(["revision", "--autogenerate", "-m", "surname first"]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/alter column person\.full_name/);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await fullNames()).toEqual(["Lovelace, Ada"]);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await typeormWouldRun(db, [load("person-2.ts", "last_name || ', ' || first_name")])).join("\n")).toBe("");

    const downgraded = await project.run(["downgrade", "-1"]);
    expect(downgraded.code, downgraded.stderr).toBe(0);
    expect(await fullNames()).toEqual(["Ada Lovelace"]);
    expect((await typeormWouldRun(db, [load("person-3.ts", `"first_name" || ' ' || "last_name"`)])).join("\n")).toBe("");
  }, 120_000);

  it("with view entities: made, changed, dropped with TypeORM agreeing, and a view made by hand left alone", async () => {
    const entities = (viewColumns: string, withView = true) => `import { Column, DataSource, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";
@Entity("orders")
export class Order {
  @PrimaryGeneratedColumn() id: number;
  @Column() customer: string;
  @Column("integer") total: number;
}
${withView ? "" : "// "}@ViewEntity({ name: "order_totals", expression: (ds: DataSource) => ds.createQueryBuilder().select("o.customer", "customer")${viewColumns}.from(Order, "o").groupBy("o.customer") })
export class OrderTotal {
  @ViewColumn() customer: string;
  @ViewColumn() spent: number;
}
`;
    const query = (sql: string) => queryDb(db, sql);
    let version = 0;
    const typeormSees = (text: string) => {
      project.writeFile(`orders-${++version}.ts`, text);
      const loaded = require(join(project.dir, `orders-${version}.ts`));
      return typeormWouldRun(db, text.includes("// @ViewEntity") ? [loaded.Order] : [loaded.Order, loaded.OrderTotal]);
    };
    const spent = `.addSelect("SUM(o.total)", "spent")`;
    const spentAndCount = `${spent}.addSelect("COUNT(*)", "orders")`;
    project.writeFile("orders.ts", entities(spent));
    project.writeConfig("", `import { Order, OrderTotal } from "./orders";`, "[Order, OrderTotal]");
    const created = await project.run(["revision", "--autogenerate", "-m", "orders"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/create view order_totals/);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await query(`INSERT INTO orders (customer, total) VALUES ('ada', 3), ('ada', 4), ('bob', 1)`);
    expect((await query(`SELECT customer, spent FROM order_totals ORDER BY customer`)).map((r) => Number(r.spent))).toEqual([7, 1]);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await typeormSees(entities(spent))).join("\n")).toBe("");

    // A view made by hand, which no entity declares and TypeORM never recorded: not strata's to drop.
    await query(`CREATE VIEW dba_report AS SELECT COUNT(*) AS n FROM orders`);
    project.writeFile("orders.ts", entities(spentAndCount));
    const changed = await project.run(["revision", "--autogenerate", "-m", "count orders"]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/drop view order_totals[\s\S]*create view order_totals/);
    expect(changed.stdout).not.toMatch(/dba_report/);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await query(`SELECT customer, orders FROM order_totals ORDER BY customer`)).toEqual([
      { customer: "ada", orders: expect.anything() },
      { customer: "bob", orders: expect.anything() },
    ]);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await typeormSees(entities(spentAndCount))).join("\n")).toBe("");

    const downgraded = await project.run(["downgrade", "-1"]);
    expect(downgraded.code, downgraded.stderr).toBe(0);
    await expect(query(`SELECT orders FROM order_totals`)).rejects.toThrow();
    expect((await typeormSees(entities(spent))).join("\n")).toBe("");
    expect((await project.run(["upgrade"])).code).toBe(0);

    project.writeFile("orders.ts", entities(spentAndCount, false));
    const dropped = await project.run(["revision", "--autogenerate", "-m", "no totals"]);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout).toMatch(/drop view order_totals/);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await expect(query(`SELECT * FROM order_totals`)).rejects.toThrow();
    expect(await query(`SELECT n FROM dba_report`)).toHaveLength(1);
    expect((await project.run(["check"])).code).toBe(0);
  }, 120_000);

  it("after a revision that renames a table and a column: what TypeORM named after the old names follows", async () => {
    const entities = (tagTable: string) => `import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryColumn, PrimaryGeneratedColumn, Unique } from "typeorm";
@Entity(${JSON.stringify(tagTable)})
@Unique(["label"])
export class Tag {
  @PrimaryColumn({ length: 40 }) name: string;
  @Index() @Column({ length: 40 }) label: string;
  @ManyToMany(() => Post, (p) => p.tags) posts: Post[];
}
@Entity("posts")
export class Post {
  @PrimaryGeneratedColumn() id: number;
  @ManyToMany(() => Tag, (t) => t.posts) @JoinTable() tags: Tag[];
}
`;
    project.writeFile("blog-entities.ts", entities("tag"));
    project.writeConfig("", `import { Post, Tag } from "./blog-entities";`, "[Post, Tag]");
    expect((await project.run(["revision", "--autogenerate", "-m", "blog"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    project.writeFile("blog-entities.ts", entities("tags"));
    const renames = ["--rename-table", "tag:tags", "--rename-table", "posts_tags_tag:posts_tags_tags", "--rename", "posts_tags_tags.tagName:tagsName"];
    const renamed = await project.run(["revision", "--autogenerate", "-m", "tags", ...renames]);
    expect(renamed.code, renamed.stderr).toBe(0);
    // Renamed where they are, never dropped and made again (an index rebuilt, a foreign key checked again, on a large table).
    expect(renamed.stdout).toMatch(/rename index IDX_\w+ -> IDX_\w+ on tags/);
    expect(renamed.stdout).toMatch(/rename constraint UQ_\w+ -> UQ_\w+ on tags/);
    expect(renamed.stdout).toMatch(/rename constraint FK_\w+ -> FK_\w+ on posts_tags_tags/);
    expect(renamed.stdout).not.toMatch(/drop (index|unique|foreign key)/);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect((await project.run(["check"])).code).toBe(0);
    const { Post, Tag } = require(join(project.dir, "blog-entities.ts"));
    expect((await typeormWouldRun(db, [Post, Tag])).join("\n")).toBe("");
    // And back: the names follow the down() too.
    expect((await project.run(["downgrade", "-1"])).code).toBe(0);
    project.writeFile("blog-entities-before.ts", entities("tag"));
    const before = require(join(project.dir, "blog-entities-before.ts"));
    expect((await typeormWouldRun(db, [before.Post, before.Tag])).join("\n")).toBe("");
  }, 120_000);
});
