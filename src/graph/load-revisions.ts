import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, resolve } from "node:path";
import { GraphError } from "../errors";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";
import { RevisionFileError } from "./revision-file-error";
import { toLoadedRevision } from "./to-loaded-revision";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerTypeScript } = require("../loading/typescript-hook") as { registerTypeScript(): void };

/** One branch's revision directory. */
export interface BranchDirectory {
  readonly branch: string;
  readonly dir: string;
}

const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".cjs"];
const DECLARATION = /\.d\.[mc]?ts$/;
const REVISION_FILE = /^[0-9a-f]{12}_/;

/**
 * Loads the revision modules of every branch directory, in directory order and file
 * name order. A missing directory has no revisions. Subdirectories are never entered:
 * plugin P's default directory is `migrations/P/`, inside the app's. TypeScript files
 * load through the TypeScript require hook, registered here on first use.
 */
export function loadRevisions(dirs: readonly BranchDirectory[]): LoadedRevision[] {
  registerTypeScript();
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
    for (const file of revisionFiles(absolute, real)) revisions.push(loadRevision(file, branch));
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

function loadRevision(file: string, branch: string): LoadedRevision {
  const checksum = createHash("sha256").update(readFileSync(file)).digest("hex");
  const exported = defaultExport(requireFresh(file));
  return toLoadedRevision(exported, { file, checksum, branch });
}

/** Loads the module anew, so that the code matches the bytes just checksummed. */
function requireFresh(file: string): unknown {
  const load = createRequire(file);
  try {
    delete load.cache[load.resolve(file)];
    return load(file);
  } catch (error) {
    throw new RevisionFileError(`${displayPath(file)} could not be loaded: ${loadFailure(error, file)}`, file, {
      cause: error,
    });
  }
}

function defaultExport(exports: unknown): unknown {
  if (exports && typeof exports === "object" && "default" in exports) return (exports as { default: unknown }).default;
  return exports;
}

/**
 * The one line worth printing from a load failure, with the line number when the error
 * carries one: swc puts it in its code frame (`,-[file:2:1]`), Node in the stack's first
 * line (`file:2`). The full error stays available as the cause.
 */
function loadFailure(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? error.name;
  const reason = message.replace(/^[x×]\s+/, "");
  const swcLine = /,-\[.*:(\d+):\d+\]/.exec(error.message)?.[1];
  const nodeLine = error.stack?.startsWith(`${file}:`) ? /^.*:(\d+)\n/.exec(error.stack)?.[1] : undefined;
  const line = swcLine ?? nodeLine;
  return line === undefined ? reason : `${reason} (line ${line})`;
}
