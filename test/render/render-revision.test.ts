import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff";
import { renderRevision, renderTemplate } from "../../src/render";
import { EMPTY } from "../diff/builders";
import { V1, V1_IN_DATABASE, V2 } from "../operations/fixtures";
import { SAMPLES } from "../operations/samples";
import { typecheck } from "./typecheck";

const header = { revision: "1f0c2b7e9a41", downRevision: "7d3e0a5c2b18", message: "library: v2", importFrom: "./strata" };

/** The body of `up` or `down` in a rendered file. */
const body = (text: string, which: "up" | "down") => {
  const start = text.indexOf(`async ${which}(queryRunner) {`);
  return text.slice(start, text.indexOf("\n  },", start));
};

describe("renderRevision", () => {
  const text = renderRevision({ ...header, ops: diffSchemas(V1_IN_DATABASE, V2) });

  it("writes the header fields and the Revision type check", () => {
    expect(text).toMatch(/^import \{ type Revision, addCheck, addColumn, .*\} from "\.\/strata";$/m);
    expect(text).toContain(`  revision: "1f0c2b7e9a41",\n  downRevision: "7d3e0a5c2b18",\n  message: "library: v2",\n`);
    expect(text).not.toContain("branchLabels");
    expect(text.trimEnd().endsWith("} satisfies Revision;")).toBe(true);
  });

  it("marks each destructive operation, in up and in down", () => {
    expect(body(text, "up")).toContain(
      `    // DESTRUCTIVE: drops column author.nickname and its data\n    await dropColumn(queryRunner, "author", "nickname");`,
    );
    expect(body(text, "up").match(/DESTRUCTIVE/g)).toHaveLength(1);
    const down = body(text, "down");
    expect(down).toContain("// DESTRUCTIVE: narrows author.name from varchar(255) to varchar(50)");
    expect(down).toContain("// DESTRUCTIVE: narrows author.age from bigint to integer");
    expect(down).toContain("// DESTRUCTIVE: drops column author.country and its data");
  });

  it("writes down as the inverse of up, in reverse order, grouped by table", () => {
    expect(body(text, "up").indexOf("// table author")).toBeLessThan(body(text, "up").indexOf("// table book"));
    expect(body(text, "down").indexOf("// table book")).toBeLessThan(body(text, "down").indexOf("// table author"));
    expect(body(text, "down")).toContain(`await addColumn(queryRunner, "author", {\n      name: "nickname",`);
  });

  it("names the tables SQLite rebuilds", () => {
    expect(text).toContain("// On SQLite, up() rebuilds author, book and down() rebuilds author, book");
    expect(renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) })).not.toContain("rebuilds");
  });

  it("spells types the entity's way and creates tables through TypeORM's API", () => {
    const created = renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) });
    expect(created).toMatch(/^import \{ Table \} from "typeorm";$/m);
    expect(created).toContain(`await queryRunner.createTable(\n      new Table({\n        name: "author",`);
    expect(created).toContain(`tableColumn(queryRunner, { name: "ref", type: "uuid", nullable: true }),`);
    expect(created).toContain(`type: "timestamp with time zone"`);
    expect(created).toContain(`await queryRunner.dropTable("author");`);
    expect(created).toContain("// DESTRUCTIVE: drops table author and every row in it");
  });

  it("writes branch labels, dependencies, merges and non-transactional revisions", () => {
    const labelled = renderRevision({
      ...header,
      downRevision: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"],
      branchLabels: ["fsm"],
      dependsOn: ["cccccccccccc"],
      transaction: false,
      ops: [],
    });
    expect(labelled).toContain(`  downRevision: ["aaaaaaaaaaaa","bbbbbbbbbbbb"],\n  branchLabels: ["fsm"],\n  dependsOn: ["cccccccccccc"],`);
    expect(labelled).toContain("  transaction: false,\n");
    expect(labelled).toMatch(/^import type \{ Revision \} from "\.\/strata";$/m);
    expect(body(labelled, "up")).toContain("// No schema changes.");
  });
});

describe("renderTemplate", () => {
  it("leaves a TODO in each direction", () => {
    const text = renderTemplate({ ...header, downRevision: null });
    expect(body(text, "up")).toContain("// TODO: write the upgrade");
    expect(body(text, "down")).toContain("// TODO: write the downgrade");
    expect(text).toContain("  downRevision: null,\n");
  });
});

describe("rendered files type-check", () => {
  it("for every operation kind, a real diff and the template", () => {
    const diagnostics = typecheck({
      "every_kind.ts": renderRevision({ ...header, ops: Object.values(SAMPLES) }),
      "v1.ts": renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) }),
      "v2.ts": renderRevision({ ...header, ops: diffSchemas(V1_IN_DATABASE, V2) }),
      "template.ts": renderTemplate({ ...header, downRevision: null }),
    });
    expect(diagnostics).toBe("");
  }, 60_000);

  it("and the check catches a file that does not", () => {
    const broken = renderRevision({ ...header, ops: [SAMPLES.renameColumn] }).replace(`"a", "b"`, `"a", 42`);
    expect(typecheck({ "broken.ts": broken })).toMatch(/broken\.ts.*error TS2345/);
  }, 60_000);
});
