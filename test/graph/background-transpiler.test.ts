import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksumKey, revisionChecksum } from "../../src/graph/revision-checksum";
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

/** The compile cache's entry `key`, once a worker has written it (within 20 s). */
async function cacheEntry(key: string): Promise<string> {
  const entry = join(hook.cacheDirectory(), `${key}.js`);
  for (let waited = 0; !existsSync(entry) && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return readFileSync(entry, "utf8");
}

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
  it("hands this thread exactly tsc's output for the module, cached under the key this thread's loader looks up, then caches its checksum", async () => {
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
      // Handed over once, then read from the cache like any compiled module.
      expect(hook.transpile(text, file)).toBe(expected);
      // Then its checksum, worked out there too: the same as this thread computes for the same text under another name.
      const elsewhere = join(dir, "elsewhere");
      mkdirSync(elsewhere, { recursive: true });
      const checksum = await cacheEntry(checksumKey(file, text));
      expect(checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(checksum).toBe(revisionChecksum(join(elsewhere, basename(file)), text));
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

  it("keeps the process alive while this thread waits on a file, and never after", async () => {
    const held = () => process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort").length;
    const before = held();
    const transpiler = startTranspiler(join(dir, "revision.ts"));
    try {
      expect(held()).toBe(before);
      const { file, text } = uniqueRevision();
      const compiling = transpiler.prepare(file, text);
      // A script that only waits on the worker must not end before the file is compiled.
      expect(held()).toBe(before + 1);
      await compiling;
      expect(held()).toBe(before);
      expect(transpiler.stopped).toBe(false);
    } finally {
      await transpiler.close();
    }
  });

  it("once closed, prepares nothing and never waits on the stopped worker", async () => {
    const transpiler = startTranspiler(join(dir, "revision.ts"));
    await transpiler.close();
    expect(transpiler.stopped).toBe(true);
    const { file, text } = uniqueRevision();
    await transpiler.prepare(file, text);
    expect(existsSync(join(hook.cacheDirectory(), `${hook.transpileKey(text, file, "commonjs")}.js`))).toBe(false);
  });
});
