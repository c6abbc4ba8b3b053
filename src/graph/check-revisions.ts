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
  // Indexed loops: see RevisionGraph's constructor.
  for (let i = 0; i < revisions.length; i++) {
    const revision = revisions[i];
    const other = byId.get(revision.id);
    if (other) {
      throw new GraphError(
        `Revision id ${revision.id} is used by two files: ${displayPath(other.file)} and ${displayPath(revision.file)}.\n` +
          `Give one of them a new id (and update the downRevision of its children), or delete the stray copy.`,
      );
    }
    byId.set(revision.id, revision);
  }
  for (let i = 0; i < revisions.length; i++) checkLinks(revisions[i], byId);
  return { byId, labelOwners: labelOwners(revisions) };
}

function checkLinks(revision: LoadedRevision, byId: ReadonlyMap<string, LoadedRevision>): void {
  const parents = revision.downRevisions;
  if (parents.length > 1 && new Set(parents).size !== parents.length) {
    throw new GraphError(`${displayPath(revision.file)}: downRevision lists the same revision twice (${parents.join(", ")}).`);
  }
  for (let k = 0; k < parents.length; k++) if (!byId.has(parents[k])) throw unknownLink(revision, "downRevision", parents[k]);
  for (let k = 0; k < revision.dependsOn.length; k++) {
    if (!byId.has(revision.dependsOn[k])) throw unknownLink(revision, "dependsOn", revision.dependsOn[k]);
  }
}

/** The path is worked out for the message only: a relative path per revision is a measurable part of a large graph. */
const unknownLink = (revision: LoadedRevision, field: string, id: string) =>
  new GraphError(
    `${displayPath(revision.file)}: ${field} ${id} is not a known revision.\n` +
      `Check the id (see \`strata history\`), or restore the missing revision file.`,
  );

/**
 * A label names one branch, so exactly one revision declares it (descendants inherit it).
 * A base's declared labels include its directory's (see loadRevisions), which is why two
 * bases in one directory meet here.
 */
function labelOwners(revisions: readonly LoadedRevision[]): Map<string, LoadedRevision> {
  const owners = new Map<string, LoadedRevision>();
  for (let i = 0; i < revisions.length; i++) {
    const revision = revisions[i];
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
