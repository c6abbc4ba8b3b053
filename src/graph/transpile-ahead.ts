import { readFileSync } from "node:fs";
import { isTypeScriptFile } from "../loading/module-file";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transpileAll } = require("../loading/typescript-hook") as {
  transpileAll(files: readonly { source: string; filename: string }[], format?: "commonjs" | "module"): void;
};

/**
 * Fills the compile cache for the headers about to be read from `files`, all in one go
 * where TypeScript allows (transpileAll): a fresh checkout's first command reads every revision.
 */
export function transpileAhead(files: readonly string[]): void {
  try {
    const sources = files.filter(isTypeScriptFile).map((filename) => ({ source: readFileSync(filename, "utf8"), filename }));
    transpileAll(sources, "commonjs");
  } catch {
    // Only a head start: each file is then read and transpiled alone, which reports what is wrong with it.
  }
}
