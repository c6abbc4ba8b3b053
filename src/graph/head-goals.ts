import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import type { Target } from "./target";

/** The revisions `heads`, `L@heads`, `head` and `L@head` name (`head` refuses several). */
export function headGoals(graph: RevisionGraph, target: Extract<Target, { kind: "heads" | "head" }>): readonly LoadedRevision[] {
  if (target.kind === "heads") return target.label === undefined ? graph.heads() : graph.headsOf(target.label);
  const head = graph.singleHead(target.label, target.label === undefined ? "use heads" : undefined);
  return head ? [head] : [];
}
