import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { GraphError } from "../errors";
import { defaultExport, loadModule } from "../loading/load-module";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";
import { revisionChecksum } from "./revision-checksum";
import { RevisionFileError } from "./revision-file-error";
import { toLoadedRevision } from "./to-loaded-revision";

/** One branch's revision directory. */
export interface BranchDirectory {
  readonly branch: string;
  readonly dir: string;
}

const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const DECLARATION = /\.d\.[mc]?ts$/;
const REVISION_FILE = /^[0-9a-f]{12}_/;

/**
 * Loads the revision modules of every branch directory, in directory order and file
 * name order. A missing directory has no revisions. Subdirectories are never entered:
 * plugin P's default directory is `migrations/P/`, inside the app's. TypeScript files
 * load with tsc's semantics (src/loading), ES modules through import().
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
    for (const file of revisionFiles(absolute, real)) revisions.push(await loadRevision(file, branch));
  }
  return revisions;
}

/** The files of `dir` that are revision modules, refusing symlinks that lead outside it. */
function revisionFiles(dir: string, realDir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    // Only `<revision>_<slug>` modules are revisions; helpers they import may sit beside them.
    if (!REVISION_FILE.test(name) || DECLARATION.test(name) || !MODULE_EXTENSIONS.some((ext) => name.endsWith(ext))) continue;
    const file = join(dir, name);
    if (lstatSync(file).isSymbolicLink()) {
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
    }
    if (!statSync(file).isFile()) continue;
    files.push(file);
  }
  return files;
}

async function loadRevision(file: string, branch: string): Promise<LoadedRevision> {
  try {
    // Loaded anew, so that the code is the text read here, which the checksum hashes
    // when a command needs it.
    const text = readFileSync(file, "utf8");
    const exported = defaultExport(await loadModule(file, true));
    return toLoadedRevision(exported, { file, checksum: () => revisionChecksum(file, text), branch });
  } catch (error) {
    if (error instanceof RevisionFileError) throw error;
    throw new RevisionFileError(`${displayPath(file)} could not be loaded: ${loadFailure(error, file)}`, file, { cause: error });
  }
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
