import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { queryDb } from "../support/query";

const NOTES = `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("notes")
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 40 }) title: string;
}
`;

/** A line each revision's up() adds to a file: how many times the revisions ran, on any database. */
const marking = (marker: string) => `require("node:fs").appendFileSync(${JSON.stringify(marker)}, "up\\n");`;
const runs = (marker: string) => readFileSync(marker, "utf8").split("\n").filter(Boolean).length;

describe.each(DIALECTS)("check remembers the replay of the revisions on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "replaycache");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("replays the same revisions once, and again when they change", async () => {
    const marker = join(project.dir, "runs.txt");
    writeFileSync(marker, "");
    project.writeFile("notes.ts", NOTES);
    project.writeConfig("", `import { Note } from "./notes";`, "[Note]");
    expect((await project.run(["revision", "--autogenerate", "-m", "notes"])).code).toBe(0);
    const [generated] = readdirSync(join(project.dir, "migrations")).filter((f) => f.endsWith("_notes.ts"));
    const file = join(project.dir, "migrations", generated!);
    writeFileSync(file, readFileSync(file, "utf8").replace("async up(queryRunner) {", `async up(queryRunner) {\n    ${marking(marker)}`));
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(runs(marker)).toBe(1);
    await queryDb(db, `CREATE INDEX dba_title ON notes (title)`);

    const first = await project.run(["check"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("index dba_title on notes");
    expect(runs(marker)).toBe(2);
    const second = await project.run(["check"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("index dba_title on notes");
    expect(runs(marker)).toBe(2);

    // A revision that creates an index the entities do not ask for: strata's now, so drift, not unmanaged.
    project.writeRevision({
      id: rid("b2"),
      down: generated!.slice(0, 12),
      message: "by revision",
      up: `${marking(marker)} await queryRunner.query("CREATE INDEX rev_title ON notes (title)");`,
      downBody: `await queryRunner.query("DROP INDEX rev_title");`,
    });
    expect((await project.run(["upgrade"])).code).toBe(0);
    expect(runs(marker)).toBe(3);
    const changed = await project.run(["check"]);
    expect(changed.code).toBe(1);
    expect(`${changed.stdout}${changed.stderr}`).toContain("rev_title");
    expect(runs(marker)).toBe(5);
  }, 120_000);
});
