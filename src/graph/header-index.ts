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
  private readonly entries: Map<string, Entry>;
  private readonly seen = new Set<string>();
  private changed = false;

  private constructor(
    private readonly name: string,
    entries: Record<string, Entry>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** The index of the directory whose real path is `realDir` (empty when none is cached or it is unreadable). */
  static of(realDir: string): HeaderIndex {
    const name = `${createHash("sha256").update(`${FORMAT}\0${realDir}`).digest("hex")}.headers.json`;
    try {
      return new HeaderIndex(name, JSON.parse(readFileSync(join(cacheDirectory(), name), "utf8")) as Record<string, Entry>);
    } catch {
      return new HeaderIndex(name, {});
    }
  }

  /** The header indexed for `file` (a name in the directory) with these stats; undefined when not indexed. */
  lookup(file: string, stats: Stats): StaticHeader | null | undefined {
    this.seen.add(file);
    const entry = this.entries.get(file);
    return entry?.stat === statKey(stats) ? entry.header : undefined;
  }

  record(file: string, stats: Stats, header: StaticHeader | null): void {
    if (stats.mtimeMs > Date.now() - racyMs(stats.mtimeMs)) return;
    this.entries.set(file, { stat: statKey(stats), header });
    this.changed = true;
  }

  /** The checksum indexed for `file` with these stats and settings; undefined when not indexed. */
  checksum(file: string, stats: Stats, settings: string): string | undefined {
    const entry = this.entries.get(file);
    return entry?.stat === statKey(stats) && entry.checksum?.[0] === settings ? entry.checksum[1] : undefined;
  }

  /** Keeps the checksum of `file` as it was when these stats were taken, if its header is indexed for them. */
  recordChecksum(file: string, stats: Stats, settings: string, checksum: string): void {
    const entry = this.entries.get(file);
    if (entry?.stat !== statKey(stats)) return;
    this.entries.set(file, { ...entry, checksum: [settings, checksum] });
    this.changed = true;
    saveAtExit(this.name, this);
  }

  /** Writes the index back when it changed, without the files that are gone. */
  save(): void {
    if (unsaved.get(this.name) === this) unsaved.delete(this.name);
    for (const file of this.entries.keys()) {
      if (!this.seen.has(file)) {
        this.entries.delete(file);
        this.changed = true;
      }
    }
    if (this.changed) writeCacheFile(this.name, JSON.stringify(Object.fromEntries(this.entries)));
    this.changed = false;
  }
}

const statKey = (stats: Stats) => `${stats.size}:${stats.mtimeMs}:${stats.ino}`;

/** Whether two stats are of the same file, unchanged, as the index tells files apart. */
export const sameStat = (a: Stats, b: Stats) => statKey(a) === statKey(b);
