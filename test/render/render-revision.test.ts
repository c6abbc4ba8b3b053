import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff";
import { addCheck, addColumn, addForeignKey, alterColumn, createIndex, createTable, dropColumn, type Operation } from "../../src/operations";
import * as typeorm from "typeorm";
import { canonicalTokens } from "../../src/graph/revision-checksum";
import * as strataApi from "../../src/operations/apply";
import { renderRevision, renderTemplate } from "../../src/render";
import { column, EMPTY, fk, table } from "../diff/builders";
import { V1, V1_IN_DATABASE, V2 } from "../operations/fixtures";
import { SAMPLES } from "../operations/samples";
import { tscOutput } from "../support/compile-cache";
import { typecheck } from "./typecheck";


const header = { revision: "1f0c2b7e9a41", downRevision: "7d3e0a5c2b18", message: "library: v2", importFrom: "./strata" };

/** The body of `up` or `down` in a rendered file. */
const body = (text: string, which: "up" | "down") => {
  const start = text.indexOf(`async ${which}(queryRunner) {`);
  return text.slice(start, text.indexOf("\n  },", start));
};

describe("renderRevision", () => {
  const text = renderRevision({ ...header, ops: diffSchemas(V1_IN_DATABASE, V2) }).text;

  it("writes the header fields and the Revision type check", () => {
    expect(text).toMatch(/^import \{ type Revision, alterTable \} from "\.\/strata";$/m);
    expect(text).toContain(`  revision: "1f0c2b7e9a41",\n  downRevision: "7d3e0a5c2b18",\n  message: "library: v2",\n`);
    expect(text).not.toContain("branchLabels");
    expect(text.trimEnd().endsWith("} satisfies Revision;")).toBe(true);
  });

  it("marks each destructive operation, in up and in down", () => {
    expect(body(text, "up")).toContain(
      `      // DESTRUCTIVE: drops column author.nickname and its data\n      t.dropColumn("nickname");\n    });`,
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
    expect(body(text, "down")).toContain(
      `await alterTable(queryRunner, "author", (t) => {\n      // author.nickname comes back empty: up() dropped its values\n      t.addColumn({ name: "nickname", type: "varchar", length: 30, nullable: true });`,
    );
  });

  it("names the tables SQLite rebuilds", () => {
    expect(text).toContain("// On SQLite, up() rebuilds author, book and down() rebuilds author, book");
    expect(renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) }).text).not.toContain("rebuilds");
  });

  it("spells types the entity's way and creates tables through TypeORM's API", () => {
    const created = renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) }).text;
    expect(created).toMatch(/^import \{ Table \} from "typeorm";$/m);
    expect(created).toContain(`await queryRunner.createTable(\n      new Table({\n        name: "author",`);
    expect(created).toContain(`columns: tableColumns(queryRunner, [\n          { name: "id",`);
    expect(created).toContain(`\n          { name: "ref", type: "uuid", nullable: true },\n`);
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
    }).text;
    expect(labelled).toContain(`  downRevision: ["aaaaaaaaaaaa","bbbbbbbbbbbb"],\n  branchLabels: ["fsm"],\n  dependsOn: ["cccccccccccc"],`);
    expect(labelled).toContain("  transaction: false,\n");
    expect(labelled).toMatch(/^import type \{ Revision \} from "\.\/strata";$/m);
    expect(body(labelled, "up")).toContain("// No schema changes.");
  });
});

describe("alterTable batches", () => {
  const render = (ops: readonly Operation[]) => renderRevision({ ...header, ops }).text;
  /** The tables of the alterTable calls in a body, in order. */
  const batches = (text: string) => [...text.matchAll(/await alterTable\(queryRunner, "(\w+)", \(t\) => \{/g)].map((m) => m[1]);
  /** The statements of a body that are not inside a batch. */
  const alone = (text: string) => [...text.matchAll(/^    await (\w+(?:\.\w+)?)\(/gm)].map((m) => m[1]).filter((fn) => fn !== "alterTable");
  const v2 = render(diffSchemas(V1_IN_DATABASE, V2));

  it("makes a table's changes one alterTable call when two or more would rebuild it on SQLite", () => {
    expect(batches(body(v2, "up"))).toEqual(["author", "book"]);
    expect(batches(body(v2, "down"))).toEqual(["book", "author"]);
    expect(alone(body(v2, "up"))).toEqual([]);
    // Every operation is in its batch, in the diff's order (book's foreign key came last, after its own changes).
    const calls = (text: string) => [...text.matchAll(/^      t\.(\w+)\(/gm)].map((m) => m[1]);
    expect(calls(body(v2, "up"))).toEqual([
      "addColumn", "alterColumn", "alterColumn", "alterColumn", "dropColumn", "addUnique", "addCheck", "addForeignKey",
    ]);
    expect(calls(body(v2, "down"))).toEqual([
      "dropForeignKey", "dropCheck", "dropUnique", "addColumn", "alterColumn", "alterColumn", "alterColumn", "dropColumn",
    ]);
  });

  it("leaves single calls where SQLite rebuilds the table once at most, direction by direction", () => {
    const text = render([
      alterColumn("a", column("n", "integer"), column("n", "bigint")),
      createIndex("a", { name: "IDX_a_n", columns: ["n"], unique: false }),
      addColumn("a", column("note", "text", { nullable: true })),
    ]);
    expect(batches(body(text, "up"))).toEqual([]);
    expect(alone(body(text, "up"))).toEqual(["alterColumn", "queryRunner.createIndex", "addColumn"]);
    // Down drops the column (a rebuild) and alters the other back (another): one batch, the index drop in it.
    expect(batches(body(text, "down"))).toEqual(["a"]);
    expect([...body(text, "down").matchAll(/^      t\.(\w+)\(/gm)].map((m) => m[1])).toEqual(["dropColumn", "dropIndex", "alterColumn"]);
    expect(body(text, "down")).toContain(`      t.dropIndex("IDX_a_n");\n`);
  });

  it("batches consecutive changes only: a change to another table in between ends the run", () => {
    const n = column("n", "integer");
    const text = render([dropColumn("a", n), dropColumn("b", n), dropColumn("a", column("m", "integer")), addCheck("a", { name: "CHK", expression: "1 = 1" })]);
    expect(batches(body(text, "up"))).toEqual(["a"]);
    expect(alone(body(text, "up"))).toEqual(["dropColumn", "dropColumn"]);
    expect(body(text, "up")).toMatch(/\/\/ table a\n.*\n    await dropColumn\(queryRunner, "a", "n"\);\n\n    \/\/ table b\n.*\n.*"b", "n"\);\n\n    \/\/ table a\n    await alterTable/);
  });

  it("keeps creating a table out of a batch, and batches the keys added to it afterwards", () => {
    const text = render([
      createTable(table("a", [column("id", "integer"), column("b_id", "integer"), column("c_id", "integer")])),
      addForeignKey("a", fk("FK_a_b", ["b_id"], "b")),
      addForeignKey("a", fk("FK_a_c", ["c_id"], "c")),
    ]);
    expect(body(text, "up")).toMatch(/await queryRunner\.createTable\([\s\S]*\n    \);\n    await alterTable\(queryRunner, "a", \(t\) => \{\n      t\.addForeignKey\(/);
    expect(batches(body(text, "down"))).toEqual(["a"]);
    expect(alone(body(text, "down"))).toEqual(["queryRunner.dropTable"]);
  });

  it("keeps naming the tables SQLite rebuilds in the header", () => {
    expect(v2).toContain("// On SQLite, up() rebuilds author, book and down() rebuilds author, book");
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
    const everyKind = renderRevision({ ...header, ops: Object.values(SAMPLES) }).text;
    // The samples on table t follow one another: one batch of every kind a batch takes.
    expect(body(everyKind, "up").match(/await alterTable\(/g)).toHaveLength(1);
    expect(body(everyKind, "up").match(/^      t\.\w+\(/gm)).toHaveLength(15);
    const alone = Object.fromEntries(
      Object.entries(SAMPLES).map(([kind, op]) => [`alone_${kind}.ts`, renderRevision({ ...header, ops: [op] }).text]),
    );
    expect(Object.values(alone).some((text) => text.includes("alterTable"))).toBe(false);
    const diagnostics = typecheck({
      ...alone,
      "every_kind.ts": everyKind,
      "v1.ts": renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) }).text,
      "v2.ts": renderRevision({ ...header, ops: diffSchemas(V1_IN_DATABASE, V2) }).text,
      "template.ts": renderTemplate({ ...header, downRevision: null }),
    });
    expect(diagnostics).toBe("");
  }, 60_000);

  it("and the check catches a file that does not", () => {
    const broken = renderRevision({ ...header, ops: [SAMPLES.renameColumn] }).text.replace(`"a", "b"`, `"a", 42`);
    expect(typecheck({ "broken.ts": broken })).toMatch(/broken\.ts.*error TS2345/);
  }, 60_000);
});

describe("the JavaScript rendered with each file", () => {
  const files = {
    "every kind": renderRevision({ ...header, ops: Object.values(SAMPLES) }),
    "a new schema": renderRevision({ ...header, ops: diffSchemas(EMPTY, V1) }),
    "a change, with batches": renderRevision({ ...header, ops: diffSchemas(V1_IN_DATABASE, V2) }),
    "drops only (no value imported from strata)": renderRevision({ ...header, ops: [SAMPLES.dropTable, SAMPLES.dropIndex] }),
    "nothing to do, a merge with every header field": renderRevision({
      ...header,
      downRevision: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"],
      branchLabels: ["fsm"],
      dependsOn: ["cccccccccccc"],
      replaces: ["dddddddddddd"],
      transaction: false,
      phase: "post",
      ops: [],
    }),
  };
  const file = "/app/migrations/1f0c2b7e9a41_library_v2.ts";

  it.each(Object.entries(files))("is tsc's output token for token, so the checksum is the same: %s", (_, rendered) => {
    for (const format of ["commonjs", "module"] as const) {
      const tsc = tscOutput(rendered.text, file, format);
      expect(canonicalTokens(rendered.javascript(format))).toEqual(canonicalTokens(tsc));
    }
    // The module plumbing as tsc writes it: what the checksum leaves out.
    expect(rendered.javascript("commonjs")).toMatch(/^"use strict"; Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/);
    expect(rendered.javascript("commonjs")).toContain("\nexports.default = {\n");
    expect(rendered.javascript("module")).not.toMatch(/\btype Revision\b|satisfies/);
  });

  it("keeps every line where the TypeScript has it, so a stack trace points into the .ts file", () => {
    for (const rendered of Object.values(files)) {
      const lines = rendered.text.split("\n");
      for (const format of ["commonjs", "module"] as const) {
        const js = rendered.javascript(format).split("\n");
        expect(js).toHaveLength(lines.length);
        // Past the imports, a line differs only where it names an import.
        const differing = js.map((line, i) => [line, lines[i]!] as const).slice(2).filter(([a, b]) => a !== b);
        for (const [line] of differing) expect(line).toMatch(/(typeorm_1|strata_1)\.|^exports\.default = \{$|^};$/);
      }
    }
  });

  it("loads as the compiled TypeScript does, to the same revision", async () => {
    const rendered = files["every kind"];
    const load = (code: string) => {
      const module = { exports: {} as Record<string, unknown> };
      const modules: Record<string, unknown> = { typeorm, [header.importFrom]: strataApi };
      new Function("exports", "require", "module", code)(module.exports, (id: string) => modules[id], module);
      return module.exports.default as Record<string, unknown>;
    };
    const ours = load(rendered.javascript("commonjs"));
    const tsc = load(tscOutput(rendered.text, file, "commonjs"));
    expect(Object.keys(ours)).toEqual(Object.keys(tsc));
    expect({ ...ours, up: undefined, down: undefined }).toEqual({ ...tsc, up: undefined, down: undefined });
  });
});

describe("the down() of a dropped column", () => {
  it("re-adds a NOT NULL column without default nullable, saying its values are gone; with a default it stays NOT NULL", () => {
    const ops = [dropColumn("member", column("nick", "varchar", { length: 20 })), dropColumn("member", column("level", "integer", { default: "3" }))];
    const down = body(renderRevision({ ...header, ops }).text, "down");
    expect(down).toContain("// member.nick comes back nullable (it was NOT NULL): up() dropped its values, so existing rows hold NULL");
    const flat = down.replace(/\s+/g, " ");
    expect(flat).toContain('name: "nick", type: "varchar", length: 20, nullable: true, }');
    expect(down).toContain("// member.level comes back empty: up() dropped its values");
    expect(flat).toContain('name: "level", type: "integer", nullable: false, default: "3", }');
  });
});
