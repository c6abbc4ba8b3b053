import { readFileSync } from "node:fs";
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("../../src/loading/typescript-hook") as {
  emitJavaScript(source: string, filename: string, format: "commonjs" | "module", maps: boolean): string;
  transpileKey(source: string, filename: string, format: "commonjs"): string;
  cacheDirectory(): string;
};

/** What tsc itself compiles `source` (the file `filename`) to, without a source map and without the compile cache. */
export const tscOutput = (source: string, filename: string, format: "commonjs" | "module"): string =>
  hook.emitJavaScript(source, filename, format, false);

/** The compile cache's entry for `source` as the CommonJS module `filename` (what a command loads, and hashes). */
export const cachedCommonJs = (source: string, filename: string): string =>
  readFileSync(join(hook.cacheDirectory(), `${hook.transpileKey(source, filename, "commonjs")}.js`), "utf8");
