import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import sqlite3 from "sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

const src = JSON.stringify(join(REPO_ROOT, "src"));
/** A change SQLite makes by a rebuild (it drops a plain column in place). */
const widenColumn = (table: string, column: string) => {
  const spec = (length: number) => JSON.stringify({ name: column, type: "varchar", length, nullable: true });
  return `await require(${src}).alterColumn(queryRunner, "${table}", ${spec(20)}, ${spec(40)});`;
};

// Table rebuilds are SQLite's alone: PostgreSQL alters tables in place.
describe("the foreign key check of a SQLite table rebuild", () => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite", "fkcheck");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("f1"),
      up: ["fk_parent (id integer PRIMARY KEY, name varchar(20), extra varchar(20))", "fk_child (id integer PRIMARY KEY, parent_id integer REFERENCES fk_parent (id))", "other_parent (id integer PRIMARY KEY)", "other_child (id integer PRIMARY KEY, parent_id integer REFERENCES other_parent (id))"]
        .map((t) => `await queryRunner.query("CREATE TABLE ${t}");`)
        .join(" "),
    });
    expect((await project.run(["upgrade"])).code).toBe(0);
    // Written with foreign keys off (the sqlite3 module's default), as a careless tool would.
    await queryDb(db, "INSERT INTO fk_parent VALUES (1, 'a', 'x')");
    await queryDb(db, "INSERT INTO fk_child VALUES (1, 1)");
    await queryDb(db, "INSERT INTO other_child VALUES (1, 99)");
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("leaves a violation that was already there in another table alone", async () => {
    project.writeRevision({ id: rid("f2"), down: rid("f1"), up: widenColumn("fk_parent", "extra") });
    const run = await project.run(["upgrade"]);
    expect(run.stderr).not.toContain("other_child");
    expect(run.code).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("f1"), rid("f2")]);
  });

  it("names a violation already in the rebuilt table's children before anything runs", async () => {
    await queryDb(db, "INSERT INTO fk_child VALUES (2, 42)");
    project.writeRevision({ id: rid("f3"), down: rid("f2"), up: widenColumn("fk_parent", "name") });
    const run = await project.run(["upgrade"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot rebuild table "fk_parent": its foreign keys are already violated (1 row(s) of "fk_child" referencing missing rows of "fk_parent")`);
    expect(await queryDb(db, "SELECT name FROM fk_parent")).toEqual([{ name: "a" }]);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([rid("f1"), rid("f2")]);
  });
});

/** An order of a user, its key deferrable when `deferrable` says so. */
const orderEntities = (deferrable?: string) => `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";
@Entity("users")
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 32 }) name: string;
  @OneToMany(() => Order, (o) => o.user) orders: Order[];
}
@Entity("orders")
export class Order {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => User, (u) => u.orders, { onDelete: "CASCADE", nullable: false${deferrable ? `, deferrable: "${deferrable}"` : ""} }) user: User;
}
`;

/** Whether one transaction may insert an order before its user (with SQLite's foreign keys on): only when the key is deferred. */
async function orderBeforeUser(db: TestDatabase, id: number): Promise<boolean> {
  const inserts = `INSERT INTO "orders" ("id", "userId") VALUES (${id}, ${id}); INSERT INTO "users" ("id", "name") VALUES (${id}, 'u${id}');`;
  const script = `${db.dialect === "sqlite" ? "PRAGMA foreign_keys = ON; " : ""}BEGIN; ${inserts} COMMIT;`;
  try {
    if (db.dialect === "postgres") {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await client.query(script).finally(() => client.end());
    } else {
      const handle = new sqlite3.Database(db.url);
      await new Promise<void>((ok, fail) => handle.exec(script, (e) => (e ? fail(e) : ok()))).finally(() => new Promise((ok) => handle.close(ok)));
    }
    return true;
  } catch (error) {
    expect(String(error)).toMatch(/foreign key/i);
    return false;
  }
}

describe.each(DIALECTS)("a deferrable foreign key on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  const migrations = () => readdirSync(join(project.dir, "migrations"));
  /** Autogenerates one revision and returns its text (revision ids are random, so the new file is the one not there before). */
  const generate = async (message: string) => {
    const before = migrations();
    const run = await project.run(["revision", "--autogenerate", "-m", message]);
    expect(run.stderr).not.toMatch(/rror/);
    expect(run.code).toBe(0);
    const added = migrations().filter((file) => !before.includes(file));
    expect(added).toHaveLength(1);
    return readFileSync(join(project.dir, "migrations", added[0]!), "utf8");
  };
  const entities = (deferrable?: string) => {
    project.writeFile("entities.ts", orderEntities(deferrable));
    project.writeConfig("", `import { Order, User } from "./entities";`, "[User, Order]");
  };

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "deferrable");
    project = new TestProject(db);
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("is created deferred, and check then finds nothing", async () => {
    entities("INITIALLY DEFERRED");
    expect(await generate("orders")).toContain(`deferrable: "INITIALLY DEFERRED"`);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await orderBeforeUser(db, 1)).toBe(true);
    const check = await project.run(["check"]);
    expect(check.stdout + check.stderr).toContain("OK");
    expect(check.code).toBe(0);
  });

  it("made immediate, is dropped and added again, and the downgrade makes it deferred again", async () => {
    entities();
    const text = await generate("immediate");
    expect(text).toMatch(/dropForeignKey\(/);
    expect(text).toMatch(/addForeignKey\(/);
    expect(text).toContain(`deferrable: "INITIALLY DEFERRED"`); // in the downgrade's add
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await orderBeforeUser(db, 2)).toBe(false);
    expect((await project.run(["check"])).code).toBe(0);

    expect((await project.run(["downgrade", "last"])).code).toBe(0);
    expect(await orderBeforeUser(db, 3)).toBe(true);
    // A revision below the head: check fails until it is applied again.
    expect((await project.run(["check"])).code).toBe(1);
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect((await project.run(["check"])).code).toBe(0);
    expect(await queryDb(db, `SELECT "id" FROM "orders" ORDER BY "id"`)).toEqual([{ id: 1 }, { id: 3 }]);
  });
});
