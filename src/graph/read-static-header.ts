import { readFileSync } from "node:fs";
import { type StaticHeader, staticHeader } from "./static-header";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transpile } = require("../loading/typescript-hook") as {
  transpile(source: string, filename: string, format?: "commonjs" | "module"): string;
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
