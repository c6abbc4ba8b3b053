import { GraphError } from "../errors";
import { branchLabelProblem } from "./branch-label";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";

/**
 * The checks that need no ordering: unique ids, known parents and dependencies, and each
 * branch label declared once. Returns the revisions by id, and each label's declarer.
 */
export function checkRevisions(revisions: readonly LoadedRevision[]): {
  readonly byId: ReadonlyMap<string, LoadedRevision>;
  readonly labelOwners: ReadonlyMap<string, LoadedRevision>;
} {
  const byId = new Map<string, LoadedRevision>();
  for (const revision of revisions) {
    const other = byId.get(revision.id);
    if (other) {
      throw new GraphError(
        `Revision id ${revision.id} is used by two files: ${displayPath(other.file)} and ${displayPath(revision.file)}.\n` +
          `Give one of them a new id (and update the downRevision of its children), or delete the stray copy.`,
      );
    }
    byId.set(revision.id, revision);
  }
  for (const revision of revisions) checkLinks(revision, byId);
  return { byId, labelOwners: labelOwners(revisions) };
}

function checkLinks(revision: LoadedRevision, byId: ReadonlyMap<string, LoadedRevision>): void {
  // Computed only for a message: a relative path per revision is a measurable part of a large graph.
  const file = () => displayPath(revision.file);
  const parents = revision.downRevisions;
  if (parents.length > 1 && new Set(parents).size !== parents.length) {
    throw new GraphError(`${file()}: downRevision lists the same revision twice (${parents.join(", ")}).`);
  }
  for (const parent of parents) {
    if (!byId.has(parent)) {
      throw new GraphError(
        `${file()}: downRevision ${parent} is not a known revision.\n` +
          `Check the id (see \`strata history\`), or restore the missing revision file.`,
      );
    }
  }
  for (const dependency of revision.dependsOn) {
    if (!byId.has(dependency)) {
      throw new GraphError(
        `${file()}: dependsOn ${dependency} is not a known revision.\n` +
          `Check the id (see \`strata history\`), or restore the missing revision file.`,
      );
    }
  }
}

/**
 * A label names one branch, so exactly one revision declares it (descendants inherit it).
 * A base's declared labels include its directory's (see loadRevisions), which is why two
 * bases in one directory meet here.
 */
function labelOwners(revisions: readonly LoadedRevision[]): Map<string, LoadedRevision> {
  const owners = new Map<string, LoadedRevision>();
  for (const revision of revisions) {
    for (const label of revision.branchLabels) {
      const problem = branchLabelProblem(label);
      if (problem) throw new GraphError(`${displayPath(revision.file)}: ${problem}.`);
      const other = owners.get(label);
      if (other && other !== revision) {
        const bases = [other, revision].filter((r) => r.downRevisions.length === 0 && r.directoryBranch === label);
        const why = bases.length > 0 ? ` (a base in a branch directory carries that directory's label)` : "";
        throw new GraphError(
          `Branch label ${label} is on two revisions${why}: ${other.id} (${displayPath(other.file)}) and ${revision.id} (${displayPath(revision.file)}).\n` +
            `A label names one branch: remove it from one of them, or give that branch its own label.`,
        );
      }
      owners.set(label, revision);
    }
  }
  return owners;
}
