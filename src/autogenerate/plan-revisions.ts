import { assertRevisionDirectoryWritable, newRevisionId, revisionFilePath } from "../graph/write-revision-file";
import type { StrataConfig } from "../config/types";
import type { RevisionGraph } from "../graph/revision-graph";
import { destructiveReason, type Operation } from "../operations";
import { renderRevision } from "../render";
import type { BranchChanges } from "./route-operations";
import { describeOperation } from "./describe-operation";
import type { PendingFile } from "./staged-revisions";
import { byCodePoint } from "../schema/by-name";

/** A revision autogenerate is about to write. */
export interface PlannedRevision extends PendingFile {
  readonly revision: string;
  readonly operations: readonly Operation[];
  readonly dependsOn: readonly string[];
}

/** What the terminal shows of a written revision. */
export interface GeneratedRevision {
  readonly branch: string;
  readonly revision: string;
  readonly file: string;
  readonly operations: readonly string[];
  readonly destructive: readonly string[];
  readonly dependsOn: readonly string[];
}

/** App first, so that a plugin revision can depend on the app revision written with it. */
function inWriteOrder(changes: readonly BranchChanges[], appBranch: string): BranchChanges[] {
  return [...changes].sort((a, b) => Number(b.branch === appBranch) - Number(a.branch === appBranch) || byCodePoint(a.branch, b.branch));
}

/**
 * One revision per branch with changes, on that branch's head (a new base labelled with
 * the plugin's name for a plugin without revisions), rendered but not written. A
 * revision depends on the heads (new ones included) of the branches its foreign keys
 * point into.
 */
export function planRevisions(
  config: StrataConfig,
  graph: RevisionGraph,
  changes: readonly BranchChanges[],
  message: string,
  ownerOf: (table: string) => string,
): PlannedRevision[] {
  const planned: PlannedRevision[] = [];
  const newHeadOf = new Map<string, string>();
  for (const change of inWriteOrder(changes, config.appBranch)) {
    const isNewPlugin = change.branch !== config.appBranch && !graph.hasLabel(change.branch);
    const parents = graph.newRevisionParents(isNewPlugin ? { head: "base", branchLabel: change.branch } : { head: `${change.branch}@head` });
    const dependsOn = [
      ...new Set(
        change.references
          .map(ownerOf)
          .map((owner) => newHeadOf.get(owner) ?? (graph.hasLabel(owner) ? graph.headsOf(owner)[0]?.id : undefined))
          .filter((id): id is string => id !== undefined),
      ),
    ];
    // Every branch is checked while planning, so a refused one leaves no file of another.
    assertRevisionDirectoryWritable(config, parents.branch);
    const revision = newRevisionId();
    const { file, importFrom } = revisionFilePath(config, parents.branch, revision, message);
    const rendered = renderRevision({
      revision,
      downRevision: parents.downRevision,
      branchLabels: parents.branchLabels,
      dependsOn,
      message,
      importFrom,
      ops: change.operations,
    });
    newHeadOf.set(change.branch, revision);
    planned.push({ branch: parents.branch, revision, file, ...rendered, operations: change.operations, dependsOn });
  }
  return planned;
}

export const generated = (planned: PlannedRevision): GeneratedRevision => ({
  branch: planned.branch,
  revision: planned.revision,
  file: planned.file,
  operations: planned.operations.map(describeOperation),
  destructive: planned.operations.filter((op) => destructiveReason(op)).map(describeOperation),
  dependsOn: planned.dependsOn,
});
