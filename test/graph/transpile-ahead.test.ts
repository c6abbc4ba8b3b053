import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadRevisions } from "../../src/graph/load-revisions";
import { transpileAhead } from "../../src/graph/transpile-ahead";
import { cachedCommonJs, tscOutput } from "../support/compile-cache";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("../../src/loading/typescript-hook") as {
  transpileKey(source: string, filename: string, format: "commonjs"): string;
  cacheDirectory(): string;
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const id = (i: number) => `abcd${String(i).padStart(8, "0")}`;

/**
 * Revision modules using what tsc's emit depends on: decorator metadata naming an
 * imported class (a sibling revision's, which transpileModule cannot see), imports used
 * as values and as types only, enums, const enums, class fields, `satisfies`, optional
 * chaining. A new directory each time: the compile cache has none of them yet.
 */
function writeRevisions(count: number, extra: Record<number, string> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), "strata-transpile-ahead-"));
  dirs.push(dir);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `${id(i)}_step_${i}.ts`);
    writeFileSync(
      file,
      `import { Table, type QueryRunner } from "typeorm";
import { Helper } from "./${i === 0 ? "helpers" : `${id(0)}_step_0`}";
import type { Shape } from "./shapes";
function Mark(): PropertyDecorator { return () => {}; }
enum Kind { Plain = "plain", Wide = ${i} }
const enum Local { A = 1, B = A + ${i} }
export class Step${i} {
  @Mark() helper!: Helper;
  @Mark() count: number = Local.B;
  shape?: Shape;
  kind = Kind.Wide;
}
${extra[i] ?? ""}
export default {
  revision: "${id(i)}",
  downRevision: ${i === 0 ? "null" : JSON.stringify(id(i - 1))},
  message: \`step ${i}\`,
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: "t${i}", columns: [{ name: "id", type: "integer" }] }));
    const found = (await queryRunner.getTable("t${i}"))?.columns.length ?? 0;
    void ({ found, kind: Kind.Plain } satisfies Record<string, unknown>);
  },
  async down(queryRunner: QueryRunner): Promise<void> { await queryRunner.dropTable("t${i}"); },
};
`,
    );
    files.push(file);
  }
  return files;
}

const source = (file: string) => require("node:fs").readFileSync(file, "utf8") as string;
const cached = (file: string) => existsSync(join(hook.cacheDirectory(), `${hook.transpileKey(source(file), file, "commonjs")}.js`));

describe("transpiling a directory's revisions ahead, in one TypeScript program", () => {
  it("caches for every file exactly what tsc emits for it alone", () => {
    const files = writeRevisions(12);
    expect(files.filter(cached)).toEqual([]);
    transpileAhead(files);
    for (const file of files) expect(cachedCommonJs(source(file), file)).toBe(tscOutput(source(file), file, "commonjs"));
  });

  it("does the same for files of every TypeScript module kind and layout in one directory", () => {
    const [first, ...rest] = writeRevisions(8);
    const dir = join(first, "..");
    const more: [string, string][] = [
      ["abcd99999901_esm.mts", `import { Table } from "typeorm";\nexport default { revision: "abcd99999901", downRevision: null, message: "esm", async up(q: unknown) { return new Table({ name: "x" }) ?? q; }, async down() {} };\n`],
      ["abcd99999902_cjs.cts", `import fs = require("node:fs");\nexport = { revision: "abcd99999902", exists: fs.existsSync("x") };\n`],
      ["abcd99999903_crlf.ts", `/// <reference path="./abcd99999902_cjs.cts" />\r\nexport default {\r\n  revision: "abcd99999903",\r\n  async up(): Promise<void> {},\r\n};\r\n`],
      ["abcd99999904_class.ts", `export class Counter { #n = 0; static total = 1; accessor label = "x"; bump(this: Counter): number { return ++this.#n; } }\nexport default { revision: "abcd99999904", counter: new Counter() };\n`],
    ];
    const files = [first, ...rest, ...more.map(([name, text]) => (writeFileSync(join(dir, name), text), join(dir, name)))];
    transpileAhead(files);
    for (const file of files) expect(cachedCommonJs(source(file), file)).toBe(tscOutput(source(file), file, "commonjs"));
  });

  it("caches nothing when one file would not stand alone (a global augmentation, a script, a syntax error)", () => {
    for (const odd of ["declare global { interface Window { step: number } }", "namespace Shared { export const x = 1; }", "const broken = ;"]) {
      const files = writeRevisions(10, { 4: odd });
      transpileAhead(files);
      expect(files.filter(cached)).toEqual([]);
    }
  });

  it("is what loadRevisions does with the files its header index does not know, loading the same revisions", async () => {
    const files = writeRevisions(9);
    const loaded = await loadRevisions([{ branch: "app", dir: join(files[0], "..") }]);
    expect(loaded.map((r) => r.id)).toEqual(files.map((_, i) => id(i)));
    expect(loaded[3]).toMatchObject({ downRevisions: [id(2)], message: "step 3" });
    for (const file of files) expect(cachedCommonJs(source(file), file)).toBe(tscOutput(source(file), file, "commonjs"));
  });
});
