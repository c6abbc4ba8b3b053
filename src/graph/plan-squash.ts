import { UsageError } from "../errors";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseTarget } from "./target";

/** What a snapshot of branch `label` at `squashed` stands for (SPEC §13). */
export interface SquashPlan {
  readonly label: string;
  /** The revision whose schema the snapshot holds. */
  readonly squashed: LoadedRevision;
  /** The branch's revisions up to `squashed`, parents first. */
  readonly history: readonly LoadedRevision[];
  /** Ids the snapshot replaces, oldest first, `squashed` last: `history` plus what its own snapshots replaced. */
  readonly replaces: readonly string[];
  /** Revisions of other branches the history depends on: the snapshot depends on them. */
  readonly dependsOn: readonly string[];
  /** The labels the history declares, for the snapshot to declare. */
  readonly branchLabels: readonly string[];
}

/**
 * `squash L@REV`: REV and every revision below it along downRevision, which must all be
 * on branch L (a branch with its own base). Refused when a revision outside them builds
 * on one of them other than REV: that fork would lose its parent's schema.
 */
export function planSquash(graph: RevisionGraph, spec: string): SquashPlan {
  const target = parseTarget(spec);
  if (target.kind !== "revision" && target.kind !== "head") {
    throw new UsageError(`squash takes L@REV or L@head (the revision whose schema the snapshot holds), not "${spec}".`);
  }
  const squashed = graph.resolveOne(spec);
  const label = target.label ?? graph.branchOf(squashed.id);
  if (label === undefined) throw new UsageError(`Revision ${squashed.id} is on no labelled branch: squash takes L@REV.`);
  const below = graph.ancestors([squashed.id], { dependsOn: false });
  const history = graph.inOrder(below);
  const foreign = history.find((r) => !graph.branchesOf(r.id).includes(label));
  if (foreign) {
    throw new UsageError(
      `Branch ${label} grows out of revision ${foreign.id} of another branch (${graph.branchesOf(foreign.id).join(", ") || "unlabelled"}): ` +
        `a snapshot holds a branch from its own base.`,
    );
  }
  if (history.length < 2) throw new UsageError(`Revision ${squashed.id} is the base of ${label}: there is nothing below it to squash.`);
  for (const revision of history) {
    const fork = graph.childrenOf(revision.id).find((child) => !below.has(child.id) && revision !== squashed);
    if (fork) {
      throw new UsageError(
        `Revision ${fork.id} builds on ${revision.id}, below ${squashed.id}, without reaching it: a snapshot at ${squashed.id} would lose its parent.\n` +
          `Merge it first (\`strata merge ${label} -m MSG\`) and squash the merge, or squash at ${revision.id}.`,
      );
    }
  }
  const replaces = [...new Set(history.flatMap((r) => [...r.replaces, r.id]))];
  const dependsOn = [...new Set(history.flatMap((r) => r.dependsOn))].filter((id) => !below.has(id));
  const tangled = dependsOn.find((id) => [...graph.ancestors([id])].some((ancestor) => below.has(ancestor)));
  if (tangled) {
    throw new UsageError(
      `The history of ${label} up to ${squashed.id} depends on ${tangled}, which itself builds on that history: one snapshot cannot stand on both sides of it.\n` +
        `Squash at a revision below the one that depends on ${tangled}.`,
    );
  }
  const branchLabels = [...new Set(history.flatMap((r) => r.branchLabels))];
  return { label, squashed, history, replaces, dependsOn, branchLabels };
}
