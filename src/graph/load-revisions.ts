import { closeSync, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { GraphError } from "../errors";
import { defaultExport, loadModuleText } from "../loading/load-module";
import { isModuleFile } from "../loading/module-file";
import { deferredModule, type ModuleLoader } from "./deferred-module";
import { displayPath } from "./display-path";
import { HeaderIndex, type StatKey, statKey } from "./header-index";
import type { LoadedRevision } from "./revision";
import { checksumSettings } from "./revision-checksum";
import { readRevisionFacts, revisionChecksum } from "./revision-facts";
import { RevisionFileError } from "./revision-file-error";
import { transpileAhead } from "./transpile-ahead";
import type { HeaderValue } from "./static-header";
import { type RevisionSource, toLoadedRevision } from "./to-loaded-revision";

/** One branch's revision directory. */
export interface BranchDirectory {
  readonly branch: string;
  readonly dir: string;
}

const REVISION_FILE = /^[0-9a-f]{12}_/;

/**
 * Loads the revision modules of every branch directory, in directory order and file
 * name order. A missing directory has no revisions. Subdirectories are never entered:
 * plugin P's default directory is `migrations/P/`, inside the app's. A module whose
 * header is static is not run until one of its functions is called (see HeaderIndex,
 * deferredModule); any other is run now. TypeScript files load with tsc's semantics
 * (src/loading), ES modules through import().
 */
export async function loadRevisions(dirs: readonly BranchDirectory[]): Promise<LoadedRevision[]> {
  const seen = new Map<string, string>();
  const revisions: LoadedRevision[] = [];
  for (const { branch, dir } of dirs) {
    const absolute = resolve(dir);
    if (!existsSync(absolute)) continue;
    const real = realpathSync(absolute);
    const other = seen.get(real);
    if (other !== undefined) {
      throw new GraphError(
        `Branches ${other} and ${branch} share the revision directory ${displayPath(absolute)}: give each branch its own.`,
      );
    }
    seen.set(real, branch);
    if (!statSync(real).isDirectory()) {
      throw new GraphError(`The revision directory of branch ${branch}, ${displayPath(absolute)}, is not a directory.`);
    }
    const index = HeaderIndex.of(real);
    // Synchronous while headers are static: no promise per file of a long history. Indexed
    // loops here: they run once per process, mostly before the JIT compiles them.
    const files = revisionFiles(absolute, real);
    const unread = index.unindexed(files);
    if (unread.length > 1) transpileAhead(unread.map((f) => f.file));
    for (let i = 0; i < files.length; i++) {
      const { file, name, key, mtimeMs } = files[i];
      revisions.push(indexedRevision(file, name, key, mtimeMs, branch, index) ?? (await runRevision(file, branch)));
    }
    index.save();
  }
  return revisions;
}

/** A revision file and what its stat says: the key the header index knows it by, and when it was written. */
interface RevisionFile {
  readonly file: string;
  readonly name: string;
  readonly key: StatKey;
  readonly mtimeMs: number;
}

/**
 * The files of `dir` that are revision modules, refusing symlinks that lead outside it.
 * Each Stats (with its four Dates) is dropped at once: kept for a long history's every
 * file until it is indexed, they were most of what the garbage collector copied.
 */
function revisionFiles(dir: string, realDir: string): RevisionFile[] {
  const files: RevisionFile[] = [];
  // `dir` is resolved and a name has no separator: path.join's normalising, cold, cost 4 µs a file.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const names = readdirSync(dir).sort();
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    // Only `<revision>_<slug>` modules are revisions; helpers they import may sit beside them.
    if (!REVISION_FILE.test(name) || !isModuleFile(name)) continue;
    const file = prefix + name;
    let stats = lstatSync(file);
    if (stats.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(file);
      } catch (error) {
        throw new RevisionFileError(`${displayPath(file)} is a broken symbolic link: remove it or fix its target.`, file, {
          cause: error,
        });
      }
      const inside = relative(realDir, target);
      if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
        // A revision is code that runs against the database: only what the directory holds.
        throw new RevisionFileError(
          `${displayPath(file)} is a symbolic link to ${target}, outside its revision directory: copy the file in instead.`,
          file,
        );
      }
      stats = statSync(file);
    }
    if (!stats.isFile()) continue;
    files.push({ file, name, key: statKey(stats), mtimeMs: stats.mtimeMs });
  }
  return files;
}

/**
 * A revision known from its static header, its module deferred; undefined when the
 * header is not static (the module must run to be known).
 */
function indexedRevision(file: string, name: string, key: StatKey, mtimeMs: number, branch: string, index: HeaderIndex): LoadedRevision | undefined {
  try {
    let header = index.lookup(name, key);
    if (header === undefined) {
      const read = readRevisionFacts(file);
      header = read.facts.header;
      // The checksum comes with the header (one parse): indexed too, if read from the file as its stat key says.
      const { checksum } = read.facts;
      index.record(name, key, mtimeMs, header, checksum !== undefined && read.key === key ? [checksumSettings(file), checksum] : undefined);
    }
    if (header === null) return undefined;
    const source = new IndexedFile(file, branch, name, key, index, header.fields.revision);
    return toLoadedRevision(deferredModule(header, source), source);
  } catch (error) {
    throw asRevisionFileError(error, file);
  }
}

/** A revision whose module runs now, from the text read here, which the checksum hashes when a command needs it. */
async function runRevision(file: string, branch: string): Promise<LoadedRevision> {
  try {
    const text = readFileSync(file, "utf8");
    const exported = defaultExport(await loadModuleText(file, text));
    return toLoadedRevision(exported, { file, checksum: () => revisionChecksum(file, text), branch });
  } catch (error) {
    throw asRevisionFileError(error, file);
  }
}

/**
 * A revision file known from the header index: its text, read once, when its code or
 * checksum is first needed, its checksum, from the index while the file is as indexed,
 * and its module, loaded once, when one of its functions is first called. The code that
 * runs is the text hashed: a file that changed after its indexed checksum was used is
 * refused. One object per file, the revision's source and its module's loader: a long
 * history keeps thousands.
 */
class IndexedFile implements RevisionSource, ModuleLoader {
  #text: string | undefined;
  #asIndexed = false;
  #hashedIndexed = false;
  #loaded: Promise<Record<string, unknown>> | undefined;

  constructor(
    readonly file: string,
    readonly branch: string,
    private readonly name: string,
    private readonly key: StatKey,
    private readonly index: HeaderIndex,
    /** The id its header gives: the module that loads must export the same. */
    private readonly id: HeaderValue,
  ) {}

  load(): Promise<Record<string, unknown>> {
    return (this.#loaded ??= this.#load());
  }

  /** Async, so that a file gone since the graph was read rejects instead of throwing where the load was started ahead. */
  async #load(): Promise<Record<string, unknown>> {
    return loadedExport(this.file, this.read(), this.id);
  }

  read(): string {
    if (this.#text !== undefined) return this.#text;
    const fd = openSync(this.file, "r");
    try {
      this.#asIndexed = statKey(fstatSync(fd)) === this.key;
      if (this.#hashedIndexed && !this.#asIndexed) throw changedWhileRunning(this.file);
      return (this.#text = readFileSync(fd, "utf8"));
    } finally {
      closeSync(fd);
    }
  }

  checksum(): string {
    const { file, name, key, index } = this;
    const settings = checksumSettings(file);
    const indexed = this.#text === undefined || this.#asIndexed ? index.checksum(name, key, settings) : undefined;
    if (indexed !== undefined) {
      this.#hashedIndexed = true;
      return indexed;
    }
    const computed = revisionChecksum(file, this.read());
    if (this.#asIndexed) index.recordChecksum(name, key, settings, computed);
    return computed;
  }
}

/** The revision object a deferred module's functions run, loaded from `text` when the first of them is called. */
async function loadedExport(file: string, text: string, id: unknown): Promise<Record<string, unknown>> {
  let exported: unknown;
  try {
    exported = defaultExport(await loadModuleText(file, text));
  } catch (error) {
    throw asRevisionFileError(error, file);
  }
  if (!exported || typeof exported !== "object" || (exported as Record<string, unknown>).revision !== id) {
    throw changedWhileRunning(file);
  }
  return exported as Record<string, unknown>;
}

const changedWhileRunning = (file: string) =>
  new RevisionFileError(`${displayPath(file)} changed while strata was running: run the command again.`, file);

function asRevisionFileError(error: unknown, file: string): RevisionFileError {
  if (error instanceof RevisionFileError) return error;
  return new RevisionFileError(`${displayPath(file)} could not be loaded: ${loadFailure(error, file)}`, file, { cause: error });
}

/**
 * The one line worth printing from a load failure, with Node's line number for a
 * JavaScript syntax error (the stack's first line is `file:N`). The full error stays
 * available as the cause.
 */
function loadFailure(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? error.name;
  const line = error.stack?.startsWith(`${file}:`) ? /^.*:(\d+)\n/.exec(error.stack)?.[1] : undefined;
  return line === undefined ? message : `${message} (line ${line})`;
}
