import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { appliedRevisions, tableNames } from "../support/query";

const LS = "\u2028";
const PS = "\u2029";
const INJECTION = `a" int); CREATE TABLE "pwned" (x int); --`;

/** Names a user may well choose: spaces, unicode, reserved words, line and paragraph separators. */
const AWKWARD = `import { Column, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn, Unique, Check } from "typeorm";
@Entity("select")
@Index("order by", ["unicode"])
@Unique("unique ${LS}key", ["spaced"])
@Check("check ${PS}it", '"spaced name" <> \\'\\'')
export class Select {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: "spaced name", type: "varchar", length: 20 }) spaced: string;
  @Column({ name: "ünïcode", type: "varchar", length: 20, nullable: true }) unicode: string | null;
  @Column({ name: "line${LS}break", type: "integer", default: 0 }) line: number;
  @Column({ name: "from", type: "simple-enum", enum: ["a value", "ünï", "x${PS}y"], default: "a value" }) from: string;
}
@Entity("group${LS}by")
export class GroupBy {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Select, { onDelete: "CASCADE" }) @JoinColumn({ name: "select id" }) select: Select;
}
`;

/** A type each dialect's TypeORM driver rejects when it builds the metadata. */
const UNSUPPORTED_TYPE = { sqlite: `{ type: "enum", enum: ["a", "b"] }`, postgres: `{ type: "tinyint" }` } as const;

const refusedEntity = (column: string) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("victim")
export class Victim {
  @PrimaryGeneratedColumn() id: number;
  @Column(${column}) value: string;
}
`;

describe.each(DIALECTS)("any identifier is safe on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "identifiers");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  const files = () => readdirSync(join(project.dir, "migrations")).filter((f) => f.endsWith(".ts"));

  it("works through generate, upgrade, check and downgrade base with awkward names", async () => {
    project.writeFile("awkward.ts", AWKWARD);
    project.writeConfig("", `import { Select, GroupBy } from "./awkward";`, "[Select, GroupBy]");
    const generated = await project.run(["revision", "--autogenerate", "-m", "awkward names"]);
    expect(generated.code, generated.stderr).toBe(0);
    const [file] = files();
    const text = readFileSync(join(project.dir, "migrations", file!), "utf8");
    // No comment runs over a line separator: every line that opens a comment is all comment.
    for (const line of text.split(/\r\n|[\n\r\u2028\u2029]/)) if (/^\s*\/\//.test(line)) expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(text).toContain("// table select");
    expect(text).toContain("// table group\\u2028by");
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["select", `group${LS}by`]));
    const checked = await project.run(["check"]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const down = await project.run(["downgrade", "base"]);
    expect(down.code, down.stderr).toBe(0);
    expect((await tableNames(db)).filter((t) => t !== "strata_version")).toEqual([]);
  }, 120_000);

  it.each([
    ["an injection in a column name", `{ name: ${JSON.stringify(INJECTION)}, type: "integer" }`, /column name .*double quote/],
    ["a single quote in a column name", `{ name: "it's", type: "integer" }`, /column name "it's" contains a single quote/],
    ["a quote in an enum value", `{ type: "simple-enum", enum: ["o'clock", "ok"] }`, /enum value of column "value" "o'clock" contains a single quote/],
    ["a name over 63 bytes", `{ name: ${JSON.stringify("é".repeat(32))}, type: "integer" }`, /is 64 bytes; PostgreSQL keeps 63/],
    // Enum types are PostgreSQL's; SQLite's driver has no "enum" column type at all.
    ...(dialect === "postgres"
      ? [["an enum type name over 63 bytes", `{ type: "enum", enum: ["a", "b"], enumName: ${JSON.stringify("e".repeat(64))} }`, /enum type name of column "value" "e{64}" is 64 bytes/] as const]
      : []),
  ] as const)("refuses %s before anything is written, naming the entity", async (_, column, message) => {
    project.writeFile("victim.ts", refusedEntity(column));
    project.writeConfig("", `import { Victim } from "./victim";`, "[Victim]");
    const generated = await project.run(["revision", "--autogenerate", "-m", "refused"]);
    expect(generated.code).not.toBe(0);
    expect(generated.stderr).toMatch(/Entity Victim \(table "victim"\)/);
    expect(generated.stderr).toMatch(message);
    expect(generated.stderr).toMatch(/Give it another name in the entity/);
    expect(existsSync(join(project.dir, "migrations")) ? files() : []).toEqual([]);
    for (const command of [["upgrade"], ["check"], ["downgrade", "base"]]) {
      await project.run(command);
      expect(await tableNames(db)).not.toContain("pwned");
    }
    expect((await tableNames(db)).filter((t) => t !== "strata_version")).toEqual([]);
  }, 120_000);

  it("reports a column type the driver rejects as a configuration error naming the entity and column, and upgrade before the first revision runs", async () => {
    project.writeFile("victim.ts", refusedEntity(UNSUPPORTED_TYPE[dialect]));
    project.writeConfig("", `import { Victim } from "./victim";`, "[Victim]");
    const refused = (result: { code: number; stderr: string }) => {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/The entities cannot be used with/);
      expect(result.stderr).toMatch(/"Victim\.value" is not supported/);
      expect(result.stderr).not.toMatch(/Cannot connect|Check that the database is running/);
    };
    for (const command of [["revision", "--autogenerate", "-m", "refused"], ["check"]]) refused(await project.run(command));
    expect(existsSync(join(project.dir, "migrations")) ? files() : []).toEqual([]);
    // upgrade builds the metadata only when a revision is to run: with nothing to apply, nothing about it can fail.
    const idle = await project.run(["upgrade"]);
    expect(idle.code, idle.stderr).toBe(0);
    project.writeRevision({ id: rid("b01"), up: `await queryRunner.query("CREATE TABLE made (id integer PRIMARY KEY)");` });
    refused(await project.run(["upgrade"]));
    expect(await tableNames(db)).not.toContain("made");
    expect(await appliedRevisions(db)).toEqual([]);
  }, 120_000);
});
