import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { EntitySchema } from "typeorm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateRevisions, resolveConfig, type StrataConfig } from "../../src";
import { scratchOnDemand } from "../../src/autogenerate/scratch-on-demand";
import { dropAfter } from "../../src/autogenerate/scratch-replay";
import { writeProven } from "../../src/autogenerate/write-proven";
import { withSession } from "../../src/runtime/session";
import { tscOutput } from "../support/compile-cache";
import { createTestDatabase, DIALECTS, PG_ADMIN_URL, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";
import { queryDb, tableNames } from "../support/query";


const Note = new EntitySchema({
  name: "Note",
  tableName: "notes",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    title: { type: "varchar", length: 40 },
    body: { type: "text", nullable: true },
  },
});

/** Removes the column `name` from a rendered revision: a revision that no longer builds the entities. */
const withoutColumn = (text: string, name: string) =>
  text.replace(new RegExp(`\\{ name: "${name}"[^}]*\\},?\\s*`), "");

describe.each(DIALECTS)("the convergence proof on %s", (dialect) => {
  let db: TestDatabase;
  let dir: string;
  let config: StrataConfig;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "proof");
    // Inside the repository, so the revision's imports of typeorm and strata resolve.
    mkdirSync(join(REPO_ROOT, ".vitest-tmp"), { recursive: true });
    dir = mkdtempSync(join(REPO_ROOT, ".vitest-tmp", "proof-"));
    mkdirSync(join(dir, "migrations"));
    config = resolveConfig({ dataSource: { ...db.options, entities: [Note] }, migrationsDir: "migrations" }, dir);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it("refuses a revision that does not build the entities, writes nothing and drops its scratch database", async () => {
    // The file autogenerate proves and writes ...
    const { revisions } = await generateRevisions(config, { message: "notes" });
    const [{ file, revision, branch }] = revisions as [(typeof revisions)[number]];
    const text = readFileSync(file, "utf8");
    rmSync(file);
    // ... is refused once it lacks a column, with the scratch database still being created as it compiles.
    const mutated = withoutColumn(text, "title");
    expect(mutated).not.toBe(text);
    const progress: string[] = [];
    const proving = withSession(config, {}, (session) => {
      const scratch = scratchOnDemand(session);
      return dropAfter(scratch, () =>
        writeProven(session, scratch.open(), [{ branch, file, text: mutated, javascript: (format) => tscOutput(mutated, file, format), revision, operations: [], dependsOn: [] }], {
          onProgress: (line) => progress.push(line),
        }),
      );
    });
    await expect(proving).rejects.toThrow(/do not settle[\s\S]*add column notes\.title/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dirname(file))).toEqual([]);
    expect(await tableNames(db)).toEqual([]);
    const scratchName = /on scratch (\S+) …/.exec(progress.join("\n"))?.[1];
    expect(scratchName).toBeDefined();
    if (dialect === "postgres") {
      const left = await queryDb({ ...db, url: PG_ADMIN_URL }, `SELECT datname FROM pg_database WHERE datname = $1`, [scratchName]);
      expect(left).toEqual([]);
    } else {
      expect(existsSync(scratchName!)).toBe(false);
    }
  }, 60_000);
});
