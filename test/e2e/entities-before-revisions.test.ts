import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { rid, TestProject } from "../support/project";
import { queryDb } from "../support/query";

/** An entity the revisions below reach through TypeORM's repository, as hand-written data migrations do. */
const NOTE = `import { Column, Entity, PrimaryColumn } from "typeorm";
@Entity("note")
export class Note {
  @PrimaryColumn() id: number;
  @Column({ type: "varchar", length: 40 }) body: string;
}
`;

/**
 * upgrade and migrate() build the entities' metadata only when a revision is to run (a
 * deploy's replicas with nothing to apply skip TypeORM's build; identifiers.test.ts shows
 * a bad entity refused before the first revision), and a revision's code still finds the
 * app's repositories.
 */
describe.each(DIALECTS)("the entities' metadata for upgrade on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "entities_before_revisions");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("gives a revision the app's repositories, built before it runs", async () => {
    project.writeFile("note.ts", NOTE);
    project.writeConfig("", `import { Note } from "./note";`, "[Note]");
    project.writeRevision({ id: rid("a01"), up: `await queryRunner.query("CREATE TABLE note (id integer PRIMARY KEY, body varchar(40) NOT NULL)");` });
    project.writeRevision({
      id: rid("a02"),
      down: rid("a01"),
      up: `const notes = queryRunner.manager.getRepository("Note"); await notes.insert({ id: 1, body: "from the repository" });`,
    });
    const run = await project.run(["upgrade"]);
    expect(run.code, run.stderr).toBe(0);
    expect(await queryDb(db, "SELECT id, body FROM note")).toEqual([{ id: 1, body: "from the repository" }]);
  }, 120_000);
});
