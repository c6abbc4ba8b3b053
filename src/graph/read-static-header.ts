import { readFileSync } from "node:fs";
import { type StaticHeader, staticHeader } from "./static-header";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transpile, transpileAll } = require("../loading/typescript-hook") as {
  transpile(source: string, filename: string, format?: "commonjs" | "module"): string;
  transpileAll(files: readonly { source: string; filename: string }[], format?: "commonjs" | "module"): void;
};

const TYPESCRIPT = /\.[mc]?ts$/;

/**
 * The static header of the revision module `file`, or null when it must run to be known.
 * TypeScript is read through tsc's CommonJS output (the compile cache's entry, which
 * the checksum and the module's own loading share); a syntax error is thrown as tsc reports it.
 */
export function readStaticHeader(file: string): StaticHeader | null {
  const text = readFileSync(file, "utf8");
  return staticHeader(TYPESCRIPT.test(file) ? transpile(text, file, "commonjs") : text) ?? null;
}

/**
 * Fills the compile cache for the headers about to be read from `files`, all in one go
 * where TypeScript allows (transpileAll): a fresh checkout's first command reads every revision.
 */
export function transpileAhead(files: readonly string[]): void {
  try {
    const sources = files.filter((file) => TYPESCRIPT.test(file)).map((filename) => ({ source: readFileSync(filename, "utf8"), filename }));
    transpileAll(sources, "commonjs");
  } catch {
    // Only a head start: each file is then read and transpiled alone, which reports what is wrong with it.
  }
}
