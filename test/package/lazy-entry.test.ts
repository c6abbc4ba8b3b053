import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/project";

const SCRATCH = join(REPO_ROOT, ".vitest-tmp");
mkdirSync(SCRATCH, { recursive: true });
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A compiled package entry as tsc writes it, re-exporting from two modules (one of them by `export *`). */
function compiledPackage(extraExport = ""): string {
  const dir = mkdtempSync(join(SCRATCH, "lazy-entry-"));
  dirs.push(dir);
  writeFileSync(join(dir, "light.js"), `"use strict";\nexports.defineThing = (x) => ({ x });\nexports.LIMIT = 5;\n`);
  writeFileSync(join(dir, "heavy.js"), `"use strict";\nglobalThis.heavyLoads = (globalThis.heavyLoads ?? 0) + 1;\nclass HeavyError extends Error {}\nexports.HeavyError = HeavyError;\nexports.run = async () => "ran";\n`);
  writeFileSync(
    join(dir, "index.js"),
    [
      `"use strict";`,
      `var __exportStar = (this && this.__exportStar) || function(m, exports) { Object.keys(m).forEach(function (p) { if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) Object.defineProperty(exports, p, { enumerable: true, get: function () { return m[p]; } }); }); };`,
      `Object.defineProperty(exports, "__esModule", { value: true });`,
      `exports.LIMIT = exports.defineThing = void 0;`,
      `require("node:os");`,
      `var light_1 = require("./light");`,
      `Object.defineProperty(exports, "defineThing", { enumerable: true, get: function () { return light_1.defineThing; } });`,
      `Object.defineProperty(exports, "LIMIT", { enumerable: true, get: function () { return light_1.LIMIT; } });`,
      `__exportStar(require("./heavy"), exports);`,
      extraExport,
      "",
    ].join("\n"),
  );
  return dir;
}

/** writeLazyEntry as the build runs it: in a Node process of its own, from its source. */
function writeLazyEntry(indexFile: string): { code: number | null; stderr: string } {
  const hook = join(REPO_ROOT, "src", "loading", "typescript-hook");
  const lazyEntry = join(REPO_ROOT, "src", "loading", "lazy-entry.ts");
  const script = `require(${JSON.stringify(hook)}).registerTypeScript(); require(${JSON.stringify(lazyEntry)}).writeLazyEntry(${JSON.stringify(indexFile)});`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  return { code: result.status, stderr: result.stderr };
}

/** Runs `code` in a new Node process in `dir` and returns what it printed as JSON. */
function inNode(dir: string, args: string[]): unknown {
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

describe("the package's lazy entry", () => {
  it("loads a module when one of its exports is first read, with the same exports for require() and import", () => {
    const dir = compiledPackage();
    expect(writeLazyEntry(join(dir, "index.js"))).toEqual({ code: 0, stderr: "" });
    expect(readFileSync(join(dir, "index.js"), "utf8")).toContain(`require("./heavy")`);
    const required = inNode(dir, [
      "-e",
      `const entry = require("./index.js");
       const before = globalThis.heavyLoads ?? 0;
       const thing = entry.defineThing(1);
       const light = globalThis.heavyLoads ?? 0;
       const isClass = new entry.HeavyError() instanceof require("./heavy.js").HeavyError;
       entry.run; entry.HeavyError;
       console.log(JSON.stringify({ before, thing, light, isClass, loads: globalThis.heavyLoads, names: Object.keys(entry).sort() }));`,
    ]);
    expect(required).toEqual({ before: 0, thing: { x: 1 }, light: 0, isClass: true, loads: 1, names: ["HeavyError", "LIMIT", "defineThing", "run"] });
    const url = pathToFileURL(join(dir, "index.js")).href;
    const imported = inNode(dir, ["--input-type=module", "-e", `import { LIMIT, run } from ${JSON.stringify(url)}; import * as all from ${JSON.stringify(url)}; console.log(JSON.stringify({ LIMIT, ran: await run(), names: Object.keys(all).filter((n) => n !== "default" && n !== "__esModule").sort() }));`]);
    expect(imported).toEqual({ LIMIT: 5, ran: "ran", names: ["HeavyError", "LIMIT", "defineThing", "run"] });
  });

  it("keeps tsc's entry when an export comes from no module of it", () => {
    const dir = compiledPackage(`exports.inline = 42;`);
    const compiled = readFileSync(join(dir, "index.js"), "utf8");
    const written = writeLazyEntry(join(dir, "index.js"));
    expect(written.code).not.toBe(0);
    expect(written.stderr).toMatch(/no module of the entry exports inline; the lazy entry cannot be written/);
    expect(readFileSync(join(dir, "index.js"), "utf8")).toBe(compiled);
  });
});
