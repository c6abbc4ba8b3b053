import { UsageError } from "../errors";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";

/**
 * The downRevision of `strata merge`, parents in topological order: the heads of one label (`merge app`), or the named
 * revisions, each of which must be a head. Heads of different plugins' branches are the
 * normal state and need no merge, so `heads` is not accepted. The merge file belongs in
 * its first parent's directory.
 */
export function mergeParents(graph: RevisionGraph, specs: readonly string[]): readonly string[] {
  if (specs.length === 0) throw new UsageError(`merge needs a branch label, or two or more revisions.`);
  const parents = specs.length === 1 ? labelHeads(graph, specs[0]) : namedHeads(graph, specs);
  return graph.inOrder(parents.map((r) => r.id)).map((r) => r.id);
}

function labelHeads(graph: RevisionGraph, spec: string): readonly LoadedRevision[] {
  if (spec === "heads") {
    throw new UsageError(
      `Heads of different branches need no merge. Merge one branch's heads with \`strata merge L\`, or name the revisions.`,
    );
  }
  const label = spec.replace(/@heads?$/, "");
  if (!graph.hasLabel(label)) {
    throw new UsageError(`merge ${spec}: ${label} is not a branch label. Give a label, or two or more revisions.`);
  }
  const heads = graph.headsOf(label);
  if (heads.length < 2) {
    const what = heads.length === 0 ? "no revisions" : `one head (${heads[0].id})`;
    throw new UsageError(`Branch ${label} has ${what}: nothing to merge.`);
  }
  return heads;
}

function namedHeads(graph: RevisionGraph, specs: readonly string[]): readonly LoadedRevision[] {
  const parents = [...new Set(specs.map((spec) => graph.resolveOne(spec)))];
  if (parents.length < 2) throw new UsageError(`merge ${specs.join(" ")} names one revision: a merge joins two or more heads.`);
  for (const parent of parents) {
    if (graph.childrenOf(parent.id).length > 0) {
      throw new UsageError(
        `Revision ${parent.id} is not a head, so there is nothing to merge it with.\n` +
          `Heads now: ${graph.heads().map((h) => h.id).join(", ")}.`,
      );
    }
  }
  return parents;
}
