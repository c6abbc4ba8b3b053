import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { isTypeScriptFile } from "../loading/module-file";
import { type StatKey, statKey } from "./header-index";
import { parseJavaScript } from "./parse-javascript";
import { CHECKSUM_FORMAT, checksumOf } from "./revision-checksum";
import { type StaticHeader, staticHeader } from "./static-header";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transpile, transpileKey, cachedText } = require("../loading/typescript-hook") as {
  transpile(source: string, filename: string, format?: "commonjs" | "module"): string;
  transpileKey(source: string, filename: string, format: "commonjs"): string;
  cachedText(key: string, compute: () => string, store?: boolean): string;
};

/** Bumped whenever what an entry holds changes; the checksum's own format is part of it. */
const FORMAT = `strata-facts-1:${CHECKSUM_FORMAT}`;

/** What strata reads off a revision file without running it. */
export interface RevisionFacts {
  /** Its static header; null when the module must run to be known. */
  readonly header: StaticHeader | null;
  /** Its checksum (checksumOf); undefined when its JavaScript does not parse. */
  readonly checksum: string | undefined;
}

/**
 * The facts of `text`, the revision file `file`, from one parse of its JavaScript (tsc's
 * CommonJS output for TypeScript), cached on disk by content like the transpiled code
 * (unless `store` is false): autogenerate leaves them for the files it writes, so the
 * command after it, which finds those files too new for the header index, parses none of
 * them. Throws tsc's syntax error.
 */
export function revisionFacts(file: string, text: string, store = true): RevisionFacts {
  const [checksum, fields, functions] = JSON.parse(
    cachedText(factsKey(file, text), () => {
      let parsed;
      try {
        parsed = parseJavaScript(javaScriptOf(file, text));
      } catch {
        return JSON.stringify([null, null, []]); // running the module reports the error as Node sees it
      }
      const header = staticHeader(parsed.program);
      return JSON.stringify([checksumOf(parsed), header?.fields ?? null, header?.functions ?? []]);
    }, store),
  ) as [string | null, StaticHeader["fields"] | null, string[]];
  return { header: fields === null ? null : { fields, functions }, checksum: checksum ?? undefined };
}

/** The checksum of the revision module `file` whose text is `text` (checksumOf); throws when it does not parse. */
export function revisionChecksum(file: string, text = readFileSync(file, "utf8")): string {
  // Parsing again throws acorn's own error for code that does not parse.
  return revisionFacts(file, text).checksum ?? checksumOf(parseJavaScript(javaScriptOf(file, text)));
}

/**
 * The facts of the revision file `file` for the header index, and the stat key of the
 * text they come from. Not stored apart: the index keeps them, and a long history's first
 * read would otherwise write a file per revision (0.3 ms each on a slow disk).
 */
export function readRevisionFacts(file: string): { readonly facts: RevisionFacts; readonly key: StatKey } {
  const fd = openSync(file, "r");
  try {
    const key = statKey(fstatSync(fd));
    return { facts: revisionFacts(file, readFileSync(fd, "utf8"), false), key };
  } finally {
    closeSync(fd);
  }
}

/** The JavaScript strata reads `text`, the revision file `file`, as: tsc's CommonJS output for TypeScript. */
function javaScriptOf(file: string, text: string): string {
  return isTypeScriptFile(file) ? transpile(text, file, "commonjs") : text;
}

/** The compile cache's key for the facts of `text`, the revision file `file`. */
function factsKey(file: string, text: string): string {
  return createHash("sha256")
    .update(`${FORMAT}\0${isTypeScriptFile(file) ? transpileKey(text, file, "commonjs") : "javascript"}\0`)
    .update(text)
    .digest("hex");
}
