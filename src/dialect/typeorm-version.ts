import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/** The version of the typeorm package strata runs with: the app's own, a peer dependency. */
export function typeormVersion(): string {
  // typeorm 1.x's exports map hides its package.json; in both lines it sits beside the main file.
  cached ??= (JSON.parse(readFileSync(join(dirname(require.resolve("typeorm")), "package.json"), "utf8")) as { version: string }).version;
  return cached;
}
