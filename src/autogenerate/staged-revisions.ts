import { existsSync, linkSync, mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StrataError } from "../errors";
import { displayPath } from "../graph/display-path";
import type { LoadedRevision } from "../graph/revision";
import { revisionChecksum } from "../graph/revision-facts";
import { toLoadedRevision } from "../graph/to-loaded-revision";
import { defaultExport, loadStagedModule, seedCompiled } from "../loading/load-module";
import type { RenderedRevision } from "../render";

/** A revision file rendered (with what tsc compiles it to) but not yet in its branch directory. */
export interface PendingFile extends RenderedRevision {
  readonly branch: string;
  /** Where it goes once proven. */
  readonly file: string;
}

/** Pending files written under names no loader picks up, and loaded from there. */
export interface StagedRevisions {
  readonly revisions: readonly LoadedRevision[];
  /** Moves every staged file to its place (never over an existing file) and returns the paths. */
  commit(): string[];
  /** Removes every staged file (and the directories staging created). Safe to call twice. */
  discard(): void;
}

/**
 * A dot-file beside its final place: in the same directory, so that the module resolves
 * its imports exactly as it will there, and invisible to every other strata process
 * (only `<12 hex>_…` files are revisions).
 */
const stagedName = (file: string) => join(dirname(file), `.strata-pending-${basename(file)}`);

/** Creates `dir` and the parents it needs, returning the ones it created, deepest first. */
function makeDirectory(dir: string): string[] {
  const created: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) created.push(at);
  mkdirSync(dir, { recursive: true });
  return created;
}

/**
 * Writes the pending files under staged names and loads them as they will run once
 * placed. Their JavaScript goes into the compile cache first: neither this run nor the
 * next command compiles them.
 */
export async function stageRevisions(pending: readonly PendingFile[]): Promise<StagedRevisions> {
  const written: string[] = [];
  const directories: string[] = [];
  const discard = () => {
    for (const file of written.splice(0)) if (existsSync(file)) unlinkSync(file);
    for (const dir of directories.splice(0)) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  };
  try {
    const revisions: LoadedRevision[] = [];
    for (const { branch, file, text, javascript } of pending) {
      directories.push(...makeDirectory(dirname(file)));
      const staged = stagedName(file);
      writeFileSync(staged, text, { flag: "wx" });
      written.push(staged);
      seedCompiled(staged, file, text, javascript);
      const exported = defaultExport(await loadStagedModule(staged, file, text));
      // Under the final name, as the module was cached: the run after placing finds its JavaScript and its checksum there.
      revisions.push(toLoadedRevision(exported, { file, checksum: () => revisionChecksum(file, text), branch }));
    }
    return {
      revisions,
      discard,
      commit: () => {
        for (const { file } of pending) {
          if (existsSync(file)) throw new StrataError(`${displayPath(file)} already exists: nothing was written.`);
        }
        const placed: string[] = [];
        try {
          // A hard link, then unlink: never replaces a file that appeared meanwhile.
          for (const { file } of pending) {
            linkSync(stagedName(file), file);
            placed.push(file);
          }
        } catch (error) {
          for (const file of placed) unlinkSync(file);
          throw error;
        } finally {
          discard();
        }
        return placed;
      },
    };
  } catch (error) {
    discard();
    throw error;
  }
}
