import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTranspiler } from "../../src/loading/background-transpiler";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("../../src/loading/typescript-hook") as {
  transpile(source: string, filename: string, format?: "commonjs" | "module"): string;
  emitJavaScript(source: string, filename: string, format: "commonjs" | "module", maps: boolean): string;
  transpileKey(source: string, filename: string, format: "commonjs" | "module"): string;
  cacheDirectory(): string;
  sourceMaps(): boolean;
};

const dir = mkdtempSync(join(tmpdir(), "strata-background-transpiler-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A revision-shaped module no other test compiles: its cache entry can only come from this test. */
function uniqueRevision(): { file: string; text: string } {
  const id = randomBytes(6).toString("hex");
  const text = `import { type QueryRunner } from "typeorm";
export default {
  revision: "${id}",
  downRevision: null,
  message: "compiled elsewhere",
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`CREATE TABLE "t_${id}" ("id" integer)\`);
  },
  async down(queryRunner: QueryRunner) {
    await queryRunner.query('DROP TABLE "t_${id}"');
  },
} satisfies { revision: string };
`;
  return { file: join(dir, `${id}_compiled_elsewhere.ts`), text };
}

describe("compiling revisions in a worker thread", () => {
  it("hands this thread exactly tsc's output for the module, cached under the key this thread's loader looks up", async () => {
    const transpiler = startTranspiler(join(dir, "revision.ts"));
    try {
      const { file, text } = uniqueRevision();
      const entry = join(hook.cacheDirectory(), `${hook.transpileKey(text, file, "commonjs")}.js`);
      expect(existsSync(entry)).toBe(false);
      await transpiler.prepare(file, text);
      const expected = hook.emitJavaScript(text, file, "commonjs", hook.sourceMaps());
      expect(expected).toContain(`CREATE TABLE "t_`);
      // Written by the worker's result: nothing on this thread compiled this text before.
      expect(readFileSync(entry, "utf8")).toBe(expected);
      expect(hook.transpile(text, file)).toBe(expected);
    } finally {
      await transpiler.close();
    }
  });

  it("leaves a module it cannot compile to this thread's loader, which reports the syntax error with its place", async () => {
    const transpiler = startTranspiler(join(dir, "revision.ts"));
    try {
      const { file } = uniqueRevision();
      const broken = `export default {\n  revision: "x",\n  async up( {\n};\n`;
      await transpiler.prepare(file, broken);
      expect(existsSync(join(hook.cacheDirectory(), `${hook.transpileKey(broken, file, "commonjs")}.js`))).toBe(false);
      expect(() => hook.transpile(broken, file)).toThrow(/line \d+, column \d+/);
    } finally {
      await transpiler.close();
    }
  });

  it("once closed, prepares nothing and never waits on the stopped worker", async () => {
    const transpiler = startTranspiler(join(dir, "revision.ts"));
    await transpiler.close();
    const { file, text } = uniqueRevision();
    await transpiler.prepare(file, text);
    expect(existsSync(join(hook.cacheDirectory(), `${hook.transpileKey(text, file, "commonjs")}.js`))).toBe(false);
  });
});
