import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import sqlite3 from "sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, PG_ADMIN_URL, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";
import { appliedRevisions, queryDb } from "../support/query";

const src = JSON.stringify(join(REPO_ROOT, "src"));

/** The statements of `--sql` output, split where the CLI ends them (a `;` closing a line). */
function statementsOf(output: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of output.split("\n")) {
    if (current.length === 0 && (line.startsWith("--") || line.trim() === "")) continue;
    current.push(line);
    if (line.endsWith(";")) {
      statements.push(current.join("\n"));
      current = [];
    }
  }
  expect(current).toEqual([]);
  return statements;
}

/** Runs the printed SQL statement by statement on one connection, as psql or sqlite3 would. */
async function runScript(db: TestDatabase, statements: readonly string[]): Promise<void> {
  if (db.dialect === "postgres") {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      await client.end();
    }
    return;
  }
  const handle = new sqlite3.Database(db.url);
  try {
    for (const s of statements) await new Promise<void>((ok, fail) => handle.exec(s, (e) => (e ? fail(new Error(`${e.message}: ${s}`)) : ok())));
  } finally {
    await new Promise<void>((ok) => handle.close(() => ok()));
  }
}

/** A copy of the database as it stands (the file, or a PostgreSQL database made from it as a template). */
async function copyOf(db: TestDatabase, tag: string): Promise<TestDatabase> {
  const copy = await createTestDatabase(db.dialect, `copy_${tag}`);
  if (db.dialect === "sqlite") {
    copyFileSync(db.url, copy.url);
    return copy;
  }
  const name = new URL(copy.url).pathname.slice(1);
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE "${name}"`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${new URL(db.url).pathname.slice(1)}"`);
  } finally {
    await admin.end();
  }
  return copy;
}

/** Everything that makes up the schema, as comparable text, plus the version rows. */
async function schemaOf(db: TestDatabase): Promise<unknown> {
  const versions = await appliedRevisions(db).catch(() => []);
  if (db.dialect === "sqlite") {
    const objects = await queryDb(db, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`);
    return { objects, versions: versions.map((v) => [v.revision, v.state]) };
  }
  const columns = await queryDb(
    db,
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
  );
  const indexes = await queryDb(db, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
  const constraints = await queryDb(
    db,
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
  );
  return { columns, indexes, constraints, versions: versions.map((v) => [v.revision, v.state]) };
}

/** Whether a statement matching `pattern` appears outside BEGIN … COMMIT. */
function outsideTransaction(statements: readonly string[], pattern: RegExp): boolean {
  let open = false;
  for (const s of statements) {
    if (/^(BEGIN|START TRANSACTION)/i.test(s)) open = true;
    else if (/^(COMMIT|ROLLBACK)/i.test(s)) open = false;
    else if (pattern.test(s)) return !open;
  }
  throw new Error(`no statement matches ${pattern}`);
}

describe.each(DIALECTS)("--sql on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  const copies: TestDatabase[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "sqlout");
    project = new TestProject(db);
    project.writeRevision({
      id: rid("5a1"),
      up: `await queryRunner.query("CREATE TABLE s_parent (id integer PRIMARY KEY, name varchar(20))");
        await queryRunner.query("CREATE TABLE s_child (id integer PRIMARY KEY, parent_id integer REFERENCES s_parent (id))");
        await queryRunner.query("INSERT INTO s_parent VALUES (1, 'a'), (2, 'b')");
        await queryRunner.query("INSERT INTO s_child VALUES (10, 1), (11, 2)");`,
      downBody: `await queryRunner.query("DROP TABLE s_child"); await queryRunner.query("DROP TABLE s_parent");`,
    });
    // On SQLite, dropping the check rebuilds s_parent, which s_child references (the column
    // then goes by SQLite's own DROP COLUMN).
    const flagCheck = `{ name: "CHK_s_parent_flag", expression: '"flag" IS NOT NULL' }`;
    project.writeRevision({
      id: rid("5a2"),
      down: rid("5a1"),
      up: `await require(${src}).addColumn(queryRunner, "s_parent", { name: "flag", type: "boolean", nullable: false, default: "false" });
        await require(${src}).addCheck(queryRunner, "s_parent", ${flagCheck});`,
      downBody: `await require(${src}).dropCheck(queryRunner, "s_parent", ${flagCheck});
        await require(${src}).dropColumn(queryRunner, "s_parent", "flag");`,
    });
    project.writeRevision({
      id: rid("5a3"),
      down: rid("5a2"),
      transaction: false,
      up: `await require(${src}).forDialect(queryRunner, { postgres: "CREATE INDEX CONCURRENTLY s_name ON s_parent (name)", sqlite: "CREATE INDEX s_name ON s_parent (name)" });`,
      downBody: `await require(${src}).forDialect(queryRunner, { postgres: "DROP INDEX CONCURRENTLY s_name", sqlite: "DROP INDEX s_name" });`,
    });
    expect((await project.run(["upgrade", "+1"])).code).toBe(0);
  });
  afterAll(async () => {
    project.remove();
    for (const copy of copies) await copy.drop();
    await db.drop();
  });

  async function sameAsRunning(sqlArgs: string[], runArgs: string[], tag: string): Promise<string[]> {
    const before = await schemaOf(db);
    const printed = await project.run(sqlArgs);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain("nothing was run");
    expect(printed.stderr).toContain("Nothing was run");
    expect(await schemaOf(db)).toEqual(before);
    const copy = await copyOf(db, tag);
    copies.push(copy);
    const statements = statementsOf(printed.stdout);
    await runScript(copy, statements);
    expect((await project.run(runArgs)).code).toBe(0);
    expect(await schemaOf(copy)).toEqual(await schemaOf(db));
    return statements;
  }

  it("upgrade --sql changes nothing, prints transaction:false revisions outside BEGIN/COMMIT, and runs to the same schema", async () => {
    const statements = await sameAsRunning(["upgrade", "--sql"], ["upgrade"], "up");
    expect(outsideTransaction(statements, /CREATE INDEX (CONCURRENTLY )?s_name/)).toBe(true);
    expect(outsideTransaction(statements, /ALTER TABLE "s_parent" ADD|ADD COLUMN/i)).toBe(false);
  });

  it("downgrade --sql prints a table rebuild with its PRAGMA lines and runs to the same schema", async () => {
    const statements = await sameAsRunning(["downgrade", rid("5a1"), "--sql"], ["downgrade", rid("5a1"), "--yes"], "down");
    expect(outsideTransaction(statements, /DROP INDEX (CONCURRENTLY )?s_name/)).toBe(true);
    if (dialect === "sqlite") {
      expect(statements).toContain("PRAGMA foreign_keys = OFF;");
      expect(statements).toContain("PRAGMA foreign_keys = ON;");
      expect(statements.some((s) => s.startsWith(`ALTER TABLE "strata_rebuild_s_parent" RENAME TO "s_parent"`))).toBe(true);
    }
    expect(await queryDb(db, "SELECT COUNT(*) AS n FROM s_child").then((r) => Number(r[0]!.n))).toBe(2);
  });
});
