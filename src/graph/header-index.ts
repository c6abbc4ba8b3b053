import { createHash } from "node:crypto";
import { readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { StaticHeader } from "./static-header";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheDirectory, writeCacheFile } = require("../loading/typescript-hook") as {
  cacheDirectory(): string;
  writeCacheFile(name: string, text: string): void;
};

/** Bumped whenever what a header holds changes, so an older index is never read. */
const FORMAT = "strata-headers-1";

/**
 * A file written this recently may still change within the file system's timestamp
 * granularity without its stat changing (git's "racy" entries), so it is not indexed yet.
 * A modification time with a fraction of a second shows a fine-grained file system (the
 * kernel's clock tick, a few ms); whole seconds may mean one that counts in seconds or
 * two (as webpack infers its accuracy).
 */
const racyMs = (mtimeMs: number) => (mtimeMs % 1000 === 0 ? 2000 : 50);

/**
 * A header, or null for a module whose header is not static (it must run to be known),
 * and the file's checksum once a command needed it, with the digest of its settings (checksumSettings).
 */
type Entry = { readonly stat: string; readonly header: StaticHeader | null; readonly checksum?: readonly [settings: string, value: string] };

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
 * matches is read again.
 */
export class HeaderIndex {
  private readonly seen = new Set<string>();
  private changed = false;

  /** `entries`: the parsed file as it is (a long history's index is not copied into a Map); keys are revision file names. */
  private constructor(
    private readonly name: string,
    private readonly entries: Record<string, Entry>,
  ) {}

  /** The index of the directory whose real path is `realDir` (empty when none is cached or it is unreadable). */
  static of(realDir: string): HeaderIndex {
    const name = indexFileName(realDir);
    try {
      const entries = JSON.parse(readFileSync(join(cacheDirectory(), name), "utf8")) as unknown;
      if (entries !== null && typeof entries === "object" && !Array.isArray(entries)) return new HeaderIndex(name, entries as Record<string, Entry>);
    } catch {
      // unreadable: indexed again
    }
    return new HeaderIndex(name, {});
  }

  /** The header indexed for `file` (a name in the directory) with this stat key; undefined when not indexed. */
  lookup(file: string, key: StatKey): StaticHeader | null | undefined {
    this.seen.add(file);
    const entry = this.entries[file];
    return entry?.stat === key ? entry.header : undefined;
  }

  /** Indexes the header of `file`, whose stat key is `key`, unless it was written too recently to tell a later change by its stat. */
  record(file: string, key: StatKey, mtimeMs: number, header: StaticHeader | null): void {
    if (mtimeMs > Date.now() - racyMs(mtimeMs)) return;
    this.entries[file] = { stat: key, header };
    this.changed = true;
  }

  /** The checksum indexed for `file` with this stat key and settings; undefined when not indexed. */
  checksum(file: string, key: StatKey, settings: string): string | undefined {
    const entry = this.entries[file];
    return entry?.stat === key && entry.checksum?.[0] === settings ? entry.checksum[1] : undefined;
  }

  /** Keeps the checksum of `file` as it was when its stat key was taken, if its header is indexed for it. */
  recordChecksum(file: string, key: StatKey, settings: string, checksum: string): void {
    const entry = this.entries[file];
    if (entry?.stat !== key) return;
    this.entries[file] = { ...entry, checksum: [settings, checksum] };
    this.changed = true;
    saveAtExit(this.name, this);
  }

  /** Writes the index back when it changed, without the files that are gone. */
  save(): void {
    if (unsaved.get(this.name) === this) unsaved.delete(this.name);
    for (const file of Object.keys(this.entries)) {
      if (!this.seen.has(file)) {
        delete this.entries[file];
        this.changed = true;
      }
    }
    if (this.changed) writeCacheFile(this.name, JSON.stringify(this.entries));
    this.changed = false;
  }
}

/** The file, in the compile cache, that indexes the directory whose real path is `realDir`. */
export const indexFileName = (realDir: string) => `${createHash("sha256").update(`${FORMAT}\0${realDir}`).digest("hex")}.headers.json`;

/** What tells a file's versions apart: its size, modification time and inode, as one string. */
export type StatKey = string & { readonly __statKey: never };

export const statKey = (stats: Stats) => `${stats.size}:${stats.mtimeMs}:${stats.ino}` as StatKey;
