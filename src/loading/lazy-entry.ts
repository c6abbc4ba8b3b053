import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Rewrites tsc's CommonJS output of the package's entry (`dist/src/index.js`) so that
 * each export loads its module on first use: an ormconfig that imports `defineConfig`,
 * the CLI's `heads`, or a bot that imports `fsmStorage` loads neither the dialects nor
 * autogenerate. Run by the build; every export is checked against tsc's own entry.
 */
export function writeLazyEntry(indexFile: string): void {
  const compiled = readFileSync(indexFile, "utf8");
  const eager = require(indexFile) as Record<string, unknown>;
  const sideEffects = [...compiled.matchAll(/^require\(("[^"]+")\);$/gm)].map((m) => m[1]!);
  const modules = [...new Set([...compiled.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => m[1]!))].map((path) => ({
    path,
    exports: require(join(dirname(indexFile), path)) as Record<string, unknown>,
  }));
  const namesOf = new Map<string, string[]>();
  for (const name of Object.keys(eager)) {
    const from = modules.find(({ exports }) => Object.prototype.hasOwnProperty.call(exports, name) && exports[name] === eager[name])?.path;
    if (from === undefined) throw new Error(`${indexFile}: no module of the entry exports ${name}; the lazy entry cannot be written.`);
    namesOf.set(from, [...(namesOf.get(from) ?? []), name]);
  }
  const lines = [
    `"use strict";`,
    `// Written by the build from tsc's output (src/loading/lazy-entry.ts): each export loads its module on first use.`,
    `Object.defineProperty(exports, "__esModule", { value: true });`,
    // The names Node's ES module loader finds in a CommonJS module (cjs-module-lexer), as tsc writes them.
    `${Object.keys(eager).map((name) => `exports.${name} = `).join("")}void 0;`,
    ...sideEffects.map((path) => `require(${path});`),
    `function from(load, names) {`,
    `  let loaded;`,
    `  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => (loaded ??= load())[name] });`,
    `}`,
    // A literal require per module, so that a bundler still finds every module.
    ...[...namesOf].map(([path, names]) => `from(() => require(${JSON.stringify(path)}), ${JSON.stringify(names)});`),
    "",
  ];
  writeFileSync(indexFile, lines.join("\n"));
  delete require.cache[require.resolve(indexFile)];
  const lazy = require(indexFile) as Record<string, unknown>;
  const differs = Object.keys(eager).filter((name) => lazy[name] !== eager[name]);
  if (differs.length > 0 || Object.keys(lazy).length !== Object.keys(eager).length) {
    writeFileSync(indexFile, compiled);
    throw new Error(`${indexFile}: the lazy entry differs from tsc's in ${differs.join(", ") || "its names"}; tsc's is kept.`);
  }
}
