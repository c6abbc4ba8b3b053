import { createHash } from "node:crypto";
import { readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { StaticHeader } from "./static-header";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheDirectory, writeCacheFile } = require("../loading/typescript-hook") as {
  cacheDirectory(): string;
  writeCacheFile(name: string, text: string): void;
};

/** Bumped whenever what the index holds changes, so an older index is never read. */
const FORMAT = "strata-headers-2";

/**
 * A file written this recently may still change within the file system's timestamp
 * granularity without its stat changing (git's "racy" entries), so it is not indexed yet.
 * A modification time with a fraction of a second shows a fine-grained file system (the
 * kernel's clock tick, a few ms); whole seconds may mean one that counts in seconds or
 * two (as webpack infers its accuracy).
 */
const racyMs = (mtimeMs: number) => (mtimeMs % 1000 === 0 ? 2000 : 50);

/**
 * One revision file: its name, stat key, header fields and function names (fields null
 * for a module whose header is not static: it must run to be known), and its checksum once
 * a command needed it, with the digest of its settings (checksumSettings). A row, not an
 * object: a long history's index parses into a third fewer objects.
 */
type Row = readonly [
  name: string,
  stat: string,
  fields: StaticHeader["fields"] | null,
  functions: readonly string[],
  checksum?: readonly [settings: string, value: string],
];

const isRow = (row: unknown): row is Row =>
  Array.isArray(row) && typeof row[0] === "string" && typeof row[1] === "string" && Array.isArray(row[3]);

/** Whether every item is a row (a loop, not every(): it runs once per process, before the JIT compiles it). */
function allRows(items: readonly unknown[]): items is Row[] {
  for (let i = 0; i < items.length; i++) if (!isRow(items[i])) return false;
  return true;
}

/**
 * Indexes that learnt checksums after loading, by file name, written when the process
 * exits (a command validates after it has loaded); the latest one per directory only.
 */
const unsaved = new Map<string, HeaderIndex>();
let savedAtExit = false;
function saveAtExit(name: string, index: HeaderIndex): void {
  unsaved.set(name, index);
  if (savedAtExit) return;
  savedAtExit = true;
  process.once("exit", () => {
    for (const waiting of [...unsaved.values()]) waiting.save();
  });
}

/**
 * The revision headers of one branch directory, kept in the compile cache between runs
 * and keyed by each file's stat (size, mtime, inode), as git's index is: a command that
 * only needs the graph reads one file instead of every revision, and one that validates
 * the applied revisions finds their checksums there. Whatever a file's stat no longer
 * matches is read again. Rows are kept in file name order, the order the directory is
 * read in, so that looking files up is a walk along both lists, not a table of names.
 */
export class HeaderIndex {
  private cursor = 0;
  /** The rows of the files looked up, in the same order: what `save` writes. */
  private readonly kept: Row[] = [];
  /** Where each kept file's row is, made when a checksum is first asked for. */
  private keptAt: Map<string, number> | undefined;
  private changed = false;

  private constructor(
    private readonly name: string,
    /** The rows read, walked by `lookup`. */
    private readonly stored: readonly Row[],
  ) {}

  /** The index of the directory whose real path is `realDir` (empty when none is cached or it is unreadable). */
  static of(realDir: string): HeaderIndex {
    const name = indexFileName(realDir);
    try {
      const rows = JSON.parse(readFileSync(join(cacheDirectory(), name), "utf8")) as unknown;
      if (Array.isArray(rows) && allRows(rows)) return new HeaderIndex(name, rows);
    } catch {
      // unreadable: indexed again
    }
    return new HeaderIndex(name, []);
  }

  /**
   * The header indexed for `file` (a name in the directory) with this stat key; undefined
   * when not indexed. Files are looked up once each, in name order (JavaScript's sort).
   */
  lookup(file: string, key: StatKey): StaticHeader | null | undefined {
    const { stored } = this;
    while (this.cursor < stored.length && stored[this.cursor][0] < file) this.skip();
    const row = this.cursor < stored.length && stored[this.cursor][0] === file ? stored[this.cursor++] : undefined;
    if (row?.[1] !== key) {
      if (row) this.changed = true;
      return undefined;
    }
    this.keep(row);
    return row[2] === null ? null : { fields: row[2], functions: row[3] };
  }

  /** Of `files` (in name order, as `lookup` takes them), those not indexed with their stat key: their headers will be read. */
  unindexed<T extends { readonly name: string; readonly key: StatKey }>(files: readonly T[]): T[] {
    const { stored } = this;
    const missing: T[] = [];
    let at = 0;
    for (let i = 0; i < files.length; i++) {
      const { name, key } = files[i];
      while (at < stored.length && stored[at][0] < name) at++;
      if (at >= stored.length || stored[at][0] !== name || stored[at][1] !== key) missing.push(files[i]);
    }
    return missing;
  }

  /**
   * Indexes the header of `file`, just looked up, and its checksum with the digest of its
   * settings when known, unless it was written too recently to tell a later change by its stat.
   */
  record(file: string, key: StatKey, mtimeMs: number, header: StaticHeader | null, checksum?: Row[4]): void {
    if (mtimeMs > Date.now() - racyMs(mtimeMs)) return;
    const fields = header?.fields ?? null;
    const functions = header?.functions ?? [];
    this.keep(checksum === undefined ? [file, key, fields, functions] : [file, key, fields, functions, checksum]);
    this.changed = true;
  }

  /** The checksum indexed for `file` with this stat key and settings; undefined when not indexed. */
  checksum(file: string, key: StatKey, settings: string): string | undefined {
    const row = this.keptRow(file);
    return row?.[1] === key && row[4]?.[0] === settings ? row[4][1] : undefined;
  }

  /** Keeps the checksum of `file` as it was when its stat key was taken, if its header is indexed for it. */
  recordChecksum(file: string, key: StatKey, settings: string, checksum: string): void {
    const row = this.keptRow(file);
    if (row?.[1] !== key) return;
    this.kept[this.keptAt!.get(file)!] = [row[0], row[1], row[2], row[3], [settings, checksum]];
    this.changed = true;
    saveAtExit(this.name, this);
  }

  /** Writes the index back when it changed, without the files that are gone. */
  save(): void {
    if (unsaved.get(this.name) === this) unsaved.delete(this.name);
    while (this.cursor < this.stored.length) this.skip();
    if (this.changed) writeCacheFile(this.name, JSON.stringify(this.kept));
    this.changed = false;
  }

  /** Passes a stored row whose file was not looked up: it is gone. */
  private skip(): void {
    this.cursor++;
    this.changed = true;
  }

  private keep(row: Row): void {
    this.keptAt?.set(row[0], this.kept.length);
    this.kept.push(row);
  }

  private keptRow(file: string): Row | undefined {
    this.keptAt ??= new Map(this.kept.map((row, i) => [row[0], i]));
    const at = this.keptAt.get(file);
    return at === undefined ? undefined : this.kept[at];
  }
}

/** The file, in the compile cache, that indexes the directory whose real path is `realDir`. */
export const indexFileName = (realDir: string) => `${createHash("sha256").update(`${FORMAT}\0${realDir}`).digest("hex")}.headers.json`;

/** What tells a file's versions apart: its size, modification time and inode, as one string. */
export type StatKey = string & { readonly __statKey: never };

export const statKey = (stats: Stats) => `${stats.size}:${stats.mtimeMs}:${stats.ino}` as StatKey;
