import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { TestProject } from "../support/project";
import { queryDb } from "../support/query";

const MEMBERS = (nameColumn: string) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("members")
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column(${nameColumn}) name: string;
  @Column({ type: "text", nullable: true }) note: string | null;
}
`;

/** What a DBA adds by hand: none of it is in any revision. */
async function addByHand(db: TestDatabase): Promise<void> {
  await queryDb(db, `CREATE INDEX dba_partial ON members (name) WHERE note IS NOT NULL`);
  await queryDb(db, `CREATE INDEX dba_lower ON members (lower(note))`);
  await queryDb(db, `CREATE VIEW dba_view AS SELECT note FROM members`);
  if (db.dialect === "postgres") {
    await queryDb(db, `ALTER TABLE members ADD CHECK (length(name) > 0)`);
    await queryDb(db, `CREATE FUNCTION dba_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await queryDb(db, `CREATE TRIGGER dba_trigger BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION dba_touch()`);
    return;
  }
  await queryDb(db, `CREATE TRIGGER dba_trigger AFTER INSERT ON members BEGIN SELECT 1; END`);
  // SQLite adds a CHECK only by rebuilding the table, as a DBA would by hand.
  const [{ sql }] = await queryDb<{ sql: string }>(db, `SELECT sql FROM sqlite_master WHERE name = 'members'`);
  const withCheck = sql.replace(/^CREATE TABLE "members"/, `CREATE TABLE "members_new"`).replace(/\)\s*$/, `, CHECK (length(name) > 0))`);
  await queryDb(db, `PRAGMA foreign_keys = OFF`);
  await queryDb(db, withCheck);
  await queryDb(db, `INSERT INTO members_new SELECT * FROM members`);
  await queryDb(db, `DROP VIEW dba_view`);
  await queryDb(db, `DROP TABLE members`);
  await queryDb(db, `ALTER TABLE members_new RENAME TO members`);
  await queryDb(db, `CREATE INDEX dba_partial ON members (name) WHERE note IS NOT NULL`);
  await queryDb(db, `CREATE INDEX dba_lower ON members (lower(note))`);
  await queryDb(db, `CREATE VIEW dba_view AS SELECT note FROM members`);
  await queryDb(db, `CREATE TRIGGER dba_trigger AFTER INSERT ON members BEGIN SELECT 1; END`);
}

async function handMade(db: TestDatabase): Promise<string[]> {
  if (db.dialect === "postgres") {
    const rows = await queryDb<{ name: string }>(
      db,
      `SELECT indexname AS name FROM pg_indexes WHERE indexname LIKE 'dba_%'
       UNION ALL SELECT viewname FROM pg_views WHERE viewname LIKE 'dba_%'
       UNION ALL SELECT tgname FROM pg_trigger WHERE tgname LIKE 'dba_%'
       UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'members'::regclass`,
    );
    return rows.map((r) => r.name).sort();
  }
  const rows = await queryDb<{ name: string; sql: string }>(db, `SELECT name, sql FROM sqlite_master WHERE name LIKE 'dba_%' OR name = 'members'`);
  return rows
    .flatMap((r) => (r.name === "members" ? [/CHECK \(length\(name\) > 0\)/.exec(r.sql)?.[0] ?? "no check"] : [`${r.name}: ${r.sql}`]))
    .sort();
}

describe.each(DIALECTS)("objects no revision created on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "unmanaged");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("are listed as unmanaged, never dropped, and survive a table rebuild both ways", async () => {
    project.writeFile("members.ts", MEMBERS(`{ type: "varchar", length: 32 }`));
    project.writeConfig("", `import { Member } from "./members";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    for (let i = 1; i <= 5; i++) await queryDb(db, `INSERT INTO members (name, note) VALUES ('m${i}', 'Note ${i}')`);
    await addByHand(db);
    const before = await handMade(db);
    expect(before.length).toBeGreaterThanOrEqual(5);

    const check = await project.run(["check"]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stderr).toContain("index dba_partial on members");
    expect(check.stderr).toContain("index dba_lower on members");

    // Nullability and length: SQLite rebuilds the table, up and down.
    project.writeFile("members.ts", MEMBERS(`{ type: "varchar", length: 80, nullable: true }`));
    const generated = await project.run(["revision", "--autogenerate", "-m", "longer names"]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toContain("Unmanaged");
    const file = readdirSync(join(project.dir, "migrations")).find((f) => f.includes("longer_names"))!;
    const text = readFileSync(join(project.dir, "migrations", file), "utf8");
    expect(text).not.toMatch(/dba_|length\(name\)/);
    const upgraded = await project.run(["upgrade"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(await handMade(db)).toEqual(before);
    expect((await project.run(["check"])).code).toBe(0);
    expect((await project.run(["downgrade", "-1"])).code).toBe(0);
    expect(await handMade(db)).toEqual(before);
    expect(Number((await queryDb<{ n: number }>(db, `SELECT COUNT(*) AS n FROM members`))[0]!.n)).toBe(5);
  }, 120_000);
});
