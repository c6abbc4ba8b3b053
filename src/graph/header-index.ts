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

/** A header, or null for a module whose header is not static (it must run to be known). */
type Entry = { readonly stat: string; readonly header: StaticHeader | null };

/**
 * The revision headers of one branch directory, kept in the compile cache between runs
 * and keyed by each file's stat (size, mtime, inode), as git's index is: a command that
 * only needs the graph reads one file instead of every revision. Whatever a file's
 * stat no longer matches is read again.
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

  /** Writes the index back when it changed, without the files that are gone. */
  save(): void {
    for (const file of this.entries.keys()) {
      if (!this.seen.has(file)) {
        this.entries.delete(file);
        this.changed = true;
      }
    }
    if (this.changed) writeCacheFile(this.name, JSON.stringify(Object.fromEntries(this.entries)));
  }
}

const statKey = (stats: Stats) => `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
