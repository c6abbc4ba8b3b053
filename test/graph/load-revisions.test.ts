import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphError } from "../../src/errors";
import { loadDeferred } from "../../src/graph/deferred-module";
import { indexFileName } from "../../src/graph/header-index";
import { loadRevisions } from "../../src/graph/load-revisions";
import { revisionChecksum } from "../../src/graph/revision-facts";
import { RevisionFileError } from "../../src/graph/revision-file-error";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { rejected } from "./revisions";

const APP_BASE = "aaaa00000001";
const APP_NEXT = "aaaa00000002";
const FSM_BASE = "ffff00000001";
const BASE = "cccc00000001";
const NEXT = "cccc00000002";

/** A decorator-free TypeScript revision, with the type annotations a real one has. */
function tsRevision(id: string, down: string | null, extra = ""): string {
  return `
interface QueryRunnerLike { query(sql: string): Promise<unknown> }
const message: string = "revision ${id}";
export default {
  revision: "${id}",
  downRevision: ${JSON.stringify(down)},
  message,
  ${extra}
  async up(queryRunner: QueryRunnerLike): Promise<void> { await queryRunner.query("SELECT 1"); },
  async down(queryRunner: QueryRunnerLike): Promise<void> { await queryRunner.query("SELECT 1"); },
};
`;
}

/** A revision whose module leaves `marker` behind when it runs, and whose up() records its argument in `calls`. */
function revisionText(marker: string, fields: string): string {
  return `import { writeFileSync } from "node:fs";
writeFileSync(${JSON.stringify(marker)}, "ran");
export default {
  revision: "${BASE}",
  downRevision: null,
  ${fields}
  async up(calls: string[]): Promise<void> { calls.push("up"); },
  async down(calls: string[]): Promise<void> { calls.push("down"); },
};
`;
}

/** Dates the file an hour back, so the header index keeps it (files written this moment are re-read). */
const age = (file: string) => utimesSync(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

/** What a process of its own saw of `dir`'s revisions, and whether it parsed any JavaScript to see it. */
interface ReadElsewhere {
  readonly messages: string[];
  readonly checksums: string[];
  readonly parsed: boolean;
}

/**
 * Loads `dir` in a process of its own, as a command does (which writes the header index
 * as it exits), taking its revisions' checksums too when `checksums` (as upgrade's validation does).
 */
function readInAnotherProcess(dir: string, checksums = true): ReadElsewhere {
  const src = join(__dirname, "..", "..", "src");
  const script =
    `require(${JSON.stringify(join(src, "loading", "typescript-hook"))}).registerTypeScript();` +
    `require(${JSON.stringify(join(src, "graph", "load-revisions.ts"))}).loadRevisions([{ branch: "app", dir: ${JSON.stringify(dir)} }])` +
    `.then((revisions) => console.log(JSON.stringify({ messages: revisions.map((r) => r.message),` +
    ` checksums: ${checksums} ? revisions.map((r) => r.checksum) : [],` +
    ` parsed: Object.keys(require.cache).some((m) => m.includes(${JSON.stringify(`${sep}acorn${sep}`)})) })));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as ReadElsewhere;
}

/** Loads `dir` and takes its revisions' checksums in a process of its own, which writes the header index as it exits. */
const checksumInAnotherProcess = (dir: string): void => void readInAnotherProcess(dir);

/** A revision file dated an hour back whose header and checksum another process has put in the header index. */
function indexedRevisionFile(fields: string): { dir: string; file: string } {
  const dir = freshDir("headers");
  const file = join(dir, `${BASE}_indexed.ts`);
  writeFileSync(file, revisionText(join(dir, "marker"), fields));
  age(file);
  checksumInAnotherProcess(dir);
  return { dir, file };
}

let root: string;
let scratch = 0;

/** A fresh directory under the test's temporary root. */
function freshDir(name = "migrations"): string {
  const dir = join(root, String(scratch++), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  require("../../src/loading/typescript-hook").registerTypeScript();
  root = mkdtempSync(join(tmpdir(), "strata-graph-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("loadRevisions", () => {
  it("loads TypeScript revisions, ignoring declarations, maps, dotfiles, other files and subdirectories", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, `${APP_BASE}_init.ts`), tsRevision(APP_BASE, null));
    writeFileSync(join(dir, `${APP_NEXT}_users.ts`), tsRevision(APP_NEXT, APP_BASE, `transaction: false,`));
    writeFileSync(join(dir, `${APP_NEXT}_users.d.ts`), "export {};\n");
    writeFileSync(join(dir, `${APP_NEXT}_users.js.map`), "{}\n");
    writeFileSync(join(dir, `.${APP_NEXT}_editor-backup.ts`), "this is not code");
    writeFileSync(join(dir, "README.md"), "# migrations\n");
    mkdirSync(join(dir, "fsm"));
    writeFileSync(join(dir, "fsm", `${FSM_BASE}_fsm.ts`), tsRevision(FSM_BASE, null, `branchLabels: ["fsm"],`));

    const app = await loadRevisions([{ branch: "app", dir }]);
    expect(app.map((r) => r.id)).toEqual([APP_BASE, APP_NEXT]);
    expect(app[0]).toMatchObject({
      downRevisions: [],
      branchLabels: ["app"],
      directoryBranch: "app",
      message: `revision ${APP_BASE}`,
      transactional: true,
      file: join(dir, `${APP_BASE}_init.ts`),
    });
    expect(app[1]).toMatchObject({ downRevisions: [APP_BASE], branchLabels: [], transactional: false });
    expect(typeof app[1].module.up).toBe("function");

    const both = await loadRevisions([
      { branch: "app", dir },
      { branch: "fsm", dir: join(dir, "fsm") },
    ]);
    expect(both.map((r) => r.id)).toEqual([APP_BASE, APP_NEXT, FSM_BASE]);
    // A base that declares its directory's label does not get it twice.
    expect(both[2]).toMatchObject({ directoryBranch: "fsm", branchLabels: ["fsm"] });
    expect(new RevisionGraph(both).branches().map((b) => b.label)).toEqual(["app", "fsm"]);
  });

  it("gives a .ts revision and tsc's compiled .js (CommonJS or ES module) one checksum, and an edit another", async () => {
    const source = `import { Table, type QueryRunner } from "typeorm";
import type { Revision } from "strata";
import helpers, * as all from "./helpers";

const TABLE: string = "users"; // module-level code counts too
export default {
  revision: "${APP_BASE}",
  downRevision: null,
  message: 'init',
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: TABLE, columns: [{ name: "id", type: "integer" }] }), true);
    helpers.note(all.LIMIT);
  },
  async down(queryRunner: QueryRunner) { await queryRunner.dropTable(TABLE) },
} satisfies Revision;
`;
    const cjs = `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const typeorm_1 = require("typeorm");
const helpers_1 = __importDefault(require("./helpers"));
const all = require("./helpers");
const TABLE = "users";
exports.default = {
    revision: "${APP_BASE}",
    downRevision: null,
    message: "init",
    async up(queryRunner) {
        await queryRunner.createTable(new typeorm_1.Table({ name: TABLE, columns: [{ name: "id", type: "integer" }] }), true);
        helpers_1.default.note(all.LIMIT);
    },
    async down(queryRunner) { await queryRunner.dropTable(TABLE); },
};
//# ${"sourceMappingURL"}=${APP_BASE}_init.js.map
`;
    const esm = `import { Table } from "typeorm";
import helpers, * as all from "./helpers.js";
const TABLE = "users";
export default {
    revision: "${APP_BASE}", downRevision: null, message: "init",
    async up(queryRunner) {
        await queryRunner.createTable(new Table({ name: TABLE, columns: [{ name: "id", type: "integer" }] }), true);
        helpers.note(all.LIMIT);
    },
    async down(queryRunner) { await queryRunner.dropTable(TABLE); },
};
`;
    const dir = freshDir();
    const ts = join(dir, "a.ts");
    writeFileSync(ts, source);
    writeFileSync(join(dir, "a.js"), cjs);
    writeFileSync(join(dir, "a.mjs"), esm);
    const checksum = revisionChecksum(ts);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(revisionChecksum(join(dir, "a.js"))).toBe(checksum);
    expect(revisionChecksum(join(dir, "a.mjs"))).toBe(checksum);
    writeFileSync(join(dir, "b.ts"), `// a new comment\n${source.replace(/\n {4}/g, "\n  ")}`);
    expect(revisionChecksum(join(dir, "b.ts"))).toBe(checksum);
    for (const edit of [source.replace('"users"', '"members"'), source.replace("true);", "false);"), source.replace("all.LIMIT", "all.MAX")]) {
      writeFileSync(join(dir, "c.ts"), edit);
      expect(revisionChecksum(join(dir, "c.ts"))).not.toBe(checksum);
    }
    writeFileSync(join(dir, "d.js"), cjs.replace('"users"', '"members"'));
    expect(revisionChecksum(join(dir, "d.js"))).not.toBe(checksum);
  });

  it("reloads an edited file instead of returning the cached module", async () => {
    const dir = freshDir();
    const file = join(dir, `${APP_BASE}_init.ts`);
    writeFileSync(file, tsRevision(APP_BASE, null));
    const [first] = await loadRevisions([{ branch: "app", dir }]);
    writeFileSync(file, tsRevision(APP_BASE, null).replace(`"revision ${APP_BASE}"`, `"edited"`));
    const [second] = await loadRevisions([{ branch: "app", dir }]);
    expect(second.message).toBe("edited");
    expect(second.checksum).not.toBe(first.checksum);
  });

  it("loads .mts, .cts, .js and .cjs revisions", async () => {
    const dir = freshDir();
    const ids = ["bbbb00000001", "bbbb00000002", "bbbb00000003", "bbbb00000004"];
    writeFileSync(join(dir, `${ids[0]}_a.mts`), tsRevision(ids[0], null));
    writeFileSync(join(dir, `${ids[1]}_b.cts`), tsRevision(ids[1], ids[0]));
    const js = (id: string, down: string) =>
      `module.exports = { revision: "${id}", downRevision: "${down}", message: "js", async up() {}, async down() {} };\n`;
    writeFileSync(join(dir, `${ids[2]}_c.js`), js(ids[2], ids[1]));
    writeFileSync(join(dir, `${ids[3]}_d.cjs`), `exports.default = ${js(ids[3], ids[2]).slice("module.exports = ".length)}`);
    const loaded = await loadRevisions([{ branch: "app", dir }]);
    expect(loaded.map((r) => r.id)).toEqual(ids);
    expect(loaded[3].downRevisions).toEqual([ids[2]]);
  });

  it("treats a missing directory as no revisions", async () => {
    expect(await loadRevisions([{ branch: "app", dir: join(root, "does-not-exist") }])).toEqual([]);
  });

  it("refuses a symlink leading outside the directory, naming it", async () => {
    const outside = freshDir("elsewhere");
    const target = join(outside, `${APP_BASE}_init.ts`);
    writeFileSync(target, tsRevision(APP_BASE, null));
    const dir = freshDir();
    const link = join(dir, `${APP_BASE}_init.ts`);
    symlinkSync(target, link);
    const error = await rejected(async () => await loadRevisions([{ branch: "app", dir }]));
    expect(error).toBeInstanceOf(GraphError);
    expect((error as RevisionFileError).file).toBe(link);
    expect(error.message).toContain(`${APP_BASE}_init.ts is a symbolic link`);
    expect(error.message).toContain("outside its revision directory");
  });

  it("follows a symlink that stays inside the directory", async () => {
    const dir = freshDir();
    mkdirSync(join(dir, "kept"));
    writeFileSync(join(dir, "kept", `${APP_BASE}_init.ts`), tsRevision(APP_BASE, null));
    symlinkSync(join(dir, "kept", `${APP_BASE}_init.ts`), join(dir, `${APP_BASE}_init.ts`));
    expect((await loadRevisions([{ branch: "app", dir }])).map((r) => r.id)).toEqual([APP_BASE]);
  });

  it("names a file with a syntax error and keeps the compiler's error as cause", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, `${APP_BASE}_broken.ts`), "const ok = 1;\nexport default { revision: ;\n");
    const error = await rejected(async () => await loadRevisions([{ branch: "app", dir }]));
    expect(error).toBeInstanceOf(RevisionFileError);
    expect(error.message).toContain(`${APP_BASE}_broken.ts could not be loaded: Expression expected. (line 2, column 28`);
    expect(error.message.split("\n").length).toBeLessThanOrEqual(2);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("names the line of a JavaScript syntax error", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, `${APP_BASE}_broken.js`), "const ok = 1;\nmodule.exports = { revision: ; };\n");
    const error = await rejected(async () => await loadRevisions([{ branch: "app", dir }]));
    expect(error.message).toContain(`${APP_BASE}_broken.js could not be loaded: Unexpected token ';' (line 2)`);
  });

  it.each([
    ["a revision id that is not 12 lowercase hex", `${APP_BASE}_x.ts`, tsRevision("AAAA00000001", null), /revision must be 12 lowercase hex/],
    ["a file name that does not match the id", `${APP_BASE}_x.ts`, tsRevision(APP_NEXT, null), /must start with its revision id/],
    ["a missing down()", `${APP_BASE}_x.ts`, tsRevision(APP_BASE, null).replace(/async down[^\n]*\n/, ""), /down must be a function/],
    ["a downRevision of the wrong type", `${APP_BASE}_x.ts`, tsRevision(APP_BASE, null).replace("downRevision: null", "downRevision: 42"), /downRevision must be null/],
    ["dependsOn that is not a list", `${APP_BASE}_x.ts`, tsRevision(APP_BASE, null, `dependsOn: "${APP_NEXT}",`), /dependsOn must be an array/],
    ["no default export", `${APP_BASE}_x.ts`, "export const nothing = 1;\n", /revision must be/],
  ])("refuses %s, naming the file", async (_what, name, text, problem) => {
    const dir = freshDir();
    writeFileSync(join(dir, name), text);
    const error = await rejected(async () => await loadRevisions([{ branch: "app", dir }]));
    expect(error).toBeInstanceOf(RevisionFileError);
    expect((error as RevisionFileError).file).toBe(join(dir, name));
    expect(error.message).toContain(name);
    expect(error.message).toMatch(problem);
  });

  it("never loads a module that is not named like a revision (a helper the revisions import)", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "helpers.ts"), `throw new Error("helpers.ts was loaded as a revision");\n`);
    writeFileSync(join(dir, "README.md"), "notes\n");
    expect(await loadRevisions([{ branch: "app", dir }])).toEqual([]);
  });

  it("refuses two branches sharing one directory", async () => {
    const dir = freshDir();
    await expect(loadRevisions([{ branch: "app", dir }, { branch: "fsm", dir }])).rejects.toThrow(/share the revision directory/);
  });

  it("feeds a graph that reports duplicate ids from compiled copies by both file names", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, `${APP_BASE}_init.ts`), tsRevision(APP_BASE, null));
    writeFileSync(
      join(dir, `${APP_BASE}_init.js`),
      `exports.default = { revision: "${APP_BASE}", downRevision: null, message: "", async up() {}, async down() {} };\n`,
    );
    const error = await rejected(async () => new RevisionGraph(await loadRevisions([{ branch: "app", dir }])));
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain(`${APP_BASE}_init.ts`);
    expect(error.message).toContain(`${APP_BASE}_init.js`);
  });
});

describe("revision headers", () => {
  it("reads a static header, any field included, without running the module, and runs it on the first call", async () => {
    const dir = freshDir("headers");
    const marker = join(dir, "marker");
    const fields = `message: "static", transaction: false, phase: "post", replaces: ["${NEXT}"], notes: { by: \`ops\`, n: -1 },`;
    writeFileSync(join(dir, `${BASE}_static.ts`), revisionText(marker, fields));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    expect(existsSync(marker)).toBe(false);
    expect(revision).toMatchObject({ id: BASE, message: "static", transactional: false, phase: "post" });
    expect((revision.module as unknown as Record<string, unknown>).replaces).toEqual([NEXT]);
    expect((revision.module as unknown as Record<string, unknown>).notes).toEqual({ by: "ops", n: -1 });
    const calls: string[] = [];
    await (revision.module.up as unknown as (c: string[]) => Promise<void>)(calls);
    await (revision.module.down as unknown as (c: string[]) => Promise<void>)(calls);
    expect(existsSync(marker)).toBe(true);
    expect(calls).toEqual(["up", "down"]);
  });

  it("runs a module whose header is computed while loading it", async () => {
    const dir = freshDir("headers");
    const marker = join(dir, "marker");
    writeFileSync(join(dir, `${BASE}_computed.ts`), revisionText(marker, "message: `step ${1 + 1}`,"));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    expect(existsSync(marker)).toBe(true);
    expect(revision.message).toBe("step 2");
  });

  it("reads a file again once it was edited after being indexed", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_edited.ts`);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "first",`));
    age(file);
    expect((await loadRevisions([{ branch: "app", dir }]))[0].message).toBe("first");
    expect((await loadRevisions([{ branch: "app", dir }]))[0].message).toBe("first");
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "other",`));
    age(file);
    expect((await loadRevisions([{ branch: "app", dir }]))[0].message).toBe("other");
  });

  it("does not trust the stat of a file written too recently for its timestamp to tell edits apart", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_racy.ts`);
    // Both versions carry one modification time that is still "now" when loaded, as two quick saves may.
    const stamp = new Date(Date.now() + 60_000);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "first",`));
    utimesSync(file, stamp, stamp);
    expect((await loadRevisions([{ branch: "app", dir }]))[0].message).toBe("first");
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "other",`));
    utimesSync(file, stamp, stamp);
    expect((await loadRevisions([{ branch: "app", dir }]))[0].message).toBe("other");
  });

  it("runs the text its checksum was taken from, even when the file changes meanwhile", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_moving.ts`);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "before",`));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    const checksum = revision.checksum;
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "before",`).replace(`calls.push("up")`, `calls.push("edited")`));
    const calls: string[] = [];
    await (revision.module.up as unknown as (c: string[]) => Promise<void>)(calls);
    expect(calls).toEqual(["up"]);
    expect(revision.checksum).toBe(checksum);
  });

  it("refuses to run a revision whose file became another revision after the graph was read", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_moving.ts`);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "before",`));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "before",`).replace(`revision: "${BASE}"`, `revision: "${NEXT}"`));
    const error = await rejected(async () => await (revision.module.up as unknown as (c: string[]) => Promise<void>)([]));
    expect(error).toBeInstanceOf(RevisionFileError);
    expect(error.message).toContain(`${BASE}_moving.ts changed while strata was running`);
  });

  it("keeps a file's checksum in the header index, so a later run validates it without reading the file", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_indexed.ts`);
    const text = revisionText(join(dir, "marker"), `message: "m",`);
    writeFileSync(file, text);
    const stamp = new Date(Date.now() - 3_600_000);
    utimesSync(file, stamp, stamp);
    checksumInAnotherProcess(dir);
    // Another text of the same size under the same stat: only the index can still give the first checksum.
    const other = text.replace(`calls.push("up")`, `calls.push("UP")`);
    writeFileSync(file, other);
    utimesSync(file, stamp, stamp);
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    expect(revision.checksum).toBe(revisionChecksum(file, text));
    expect(revisionChecksum(file, other)).not.toBe(revision.checksum);
  });

  it("indexes each file's checksum along with its header, so the upgrade after a `heads` parses nothing", async () => {
    const dir = freshDir("headers");
    const texts = [`message: "one",`, `message: "two",`].map((fields) => revisionText(join(dir, "marker"), fields).replace(BASE, fields.includes("one") ? BASE : NEXT));
    const files = [join(dir, `${BASE}_one.ts`), join(dir, `${NEXT}_two.ts`)];
    files.forEach((file, i) => {
      writeFileSync(file, texts[i]);
      age(file);
    });
    const heads = readInAnotherProcess(dir, false);
    expect(heads).toMatchObject({ messages: ["one", "two"], parsed: true });
    const upgrade = readInAnotherProcess(dir);
    expect(upgrade).toEqual({ messages: ["one", "two"], checksums: files.map((file, i) => revisionChecksum(file, texts[i])), parsed: false });
  });

  it("finds the header and checksum of a file autogenerate just wrote without parsing it, though too new for the index", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_generated.ts`);
    const text = revisionText(join(dir, "marker"), `message: "generated", transaction: false,`);
    writeFileSync(file, text);
    // What autogenerate does for each file it writes, while proving it.
    const checksum = revisionChecksum(file, text);
    expect(readInAnotherProcess(dir)).toEqual({ messages: ["generated"], checksums: [checksum], parsed: false });
    expect(existsSync(join(dir, "marker"))).toBe(false);
  });

  it("reads every file again when the header index is not an index (truncated, or another program's file)", async () => {
    const { dir, file } = indexedRevisionFile(`message: "indexed",`);
    const { cacheDirectory } = require("../../src/loading/typescript-hook") as { cacheDirectory(): string };
    const index = join(cacheDirectory(), indexFileName(realpathSync(dir)));
    expect(existsSync(index)).toBe(true);
    for (const text of ["null", "[1, 2]", `{"${BASE}_indexed.ts": {"stat"`]) {
      writeFileSync(index, text);
      const [revision] = await loadRevisions([{ branch: "app", dir }]);
      expect(revision.id).toBe(BASE);
      expect(revision.message).toBe("indexed");
      expect(revision.checksum).toBe(revisionChecksum(file));
    }
  });

  it("refuses to run a revision whose file changed after its indexed checksum was used", async () => {
    const { dir, file } = indexedRevisionFile(`message: "m",`);
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    expect(revision.checksum).toBe(revisionChecksum(file));
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "m",`).replace(`calls.push("up")`, `calls.push("edited")`));
    const error = await rejected(async () => await (revision.module.up as unknown as (c: string[]) => Promise<void>)([]));
    expect(error).toBeInstanceOf(RevisionFileError);
    expect(error.message).toContain(`${BASE}_indexed.ts changed while strata was running`);
  });

  it("shares a deferred module's functions between revisions, each running the module it is called on", async () => {
    const dir = freshDir("headers");
    writeFileSync(join(dir, `${BASE}_first.ts`), revisionText(join(dir, "first"), `message: "first",`));
    writeFileSync(join(dir, `${NEXT}_second.ts`), revisionText(join(dir, "second"), `message: "second",`).replace(`revision: "${BASE}",\n  downRevision: null`, `revision: "${NEXT}",\n  downRevision: "${BASE}"`));
    const [first, second] = await loadRevisions([{ branch: "app", dir }]);
    expect(second.downRevisions).toEqual([BASE]);
    expect(first.module.up).toBe(second.module.up);
    await (second.module.up as unknown as (c: string[]) => Promise<void>)([]);
    expect(existsSync(join(dir, "second"))).toBe(true);
    expect(existsSync(join(dir, "first"))).toBe(false);
    const { up } = first.module as unknown as { up(c: string[]): Promise<void> };
    await expect(up([])).rejects.toThrow("called as its module's method");
  });

  it("loads a deferred module ahead of its first call, once, and a module that fails to load fails where a function is called", async () => {
    const dir = freshDir("headers");
    const marker = join(dir, "marker");
    writeFileSync(join(dir, `${BASE}_ahead.ts`), revisionText(marker, `message: "m",`));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    expect(existsSync(marker)).toBe(false);
    loadDeferred(revision.module);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const calls: string[] = [];
    await (revision.module.up as unknown as (c: string[]) => Promise<void>)(calls);
    expect(calls).toEqual(["up"]);
    expect(existsSync(marker)).toBe(false);

    const broken = freshDir("headers");
    writeFileSync(join(broken, `${BASE}_throws.ts`), `throw new Error("no database here");\n${revisionText(marker, `message: "m",`)}`);
    const [failing] = await loadRevisions([{ branch: "app", dir: broken }]);
    loadDeferred(failing.module);
    // As in a run: the function is called later, after other work (its failure must not go unhandled meanwhile).
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await rejected(async () => await (failing.module.up as unknown as (c: string[]) => Promise<void>)([]));
    expect(error.message).toContain(`${BASE}_throws.ts could not be loaded: no database here`);
  });

  it("reports a revision file deleted after the graph was read where its function is called, not as a crash when it is loaded ahead", async () => {
    const dir = freshDir("headers");
    const file = join(dir, `${BASE}_gone.ts`);
    writeFileSync(file, revisionText(join(dir, "marker"), `message: "m",`));
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    rmSync(file);
    expect(() => loadDeferred(revision.module)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await rejected(async () => await (revision.module.up as unknown as (c: string[]) => Promise<void>)([]));
    expect(error.message).toContain(`${BASE}_gone.ts`);
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("names the file when the module's own code fails as it is first run", async () => {
    const dir = freshDir("headers");
    writeFileSync(join(dir, `${BASE}_throws.ts`), `throw new Error("no database here");\n${revisionText(join(dir, "marker"), `message: "m",`)}`);
    const [revision] = await loadRevisions([{ branch: "app", dir }]);
    const error = await rejected(async () => await (revision.module.up as unknown as (c: string[]) => Promise<void>)([]));
    expect(error).toBeInstanceOf(RevisionFileError);
    expect(error.message).toContain(`${BASE}_throws.ts could not be loaded: no database here`);
  });
});
