import { UsageError } from "../errors";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseTarget } from "./target";

const RANGE_HELP = "write A:B, A: or :B with the older revision first (e.g. -r base:app@head)";

/**
 * `history -r A:B` as in Alembic: the revisions that are descendants of A and ancestors
 * of B, both inclusive, newest first; either side may be left out. Ancestry here follows
 * downRevision only, so a plugin's history is its own branch, not the app revisions it
 * depends on.
 */
export function historyOf(graph: RevisionGraph, range?: string): readonly LoadedRevision[] {
  const newestFirst = [...graph.all()].reverse();
  if (range === undefined || range.trim() === "") return newestFirst;
  const parts = range.split(":").map((part) => part.trim());
  if (parts.length !== 2) throw new UsageError(`History range "${range}" is not a range: ${RANGE_HELP}.`);
  const [lowerText, upperText] = parts;
  const lower = side(graph, lowerText, "lower");
  const upper = side(graph, upperText, "upper");
  const from = lower && graph.descendants(lower.map((r) => r.id));
  const to = upper && graph.ancestors(upper.map((r) => r.id), { dependsOn: false });
  const shown = newestFirst.filter((r) => (!from || from.has(r.id)) && (!to || to.has(r.id)));
  if (shown.length === 0 && lower?.length && upper?.length) {
    throw new UsageError(`In history range "${range}", ${lowerText} is not an ancestor of ${upperText}: ${RANGE_HELP}.`);
  }
  return shown;
}

/** The revisions one side of a range names, or undefined for an open side. */
function side(graph: RevisionGraph, text: string, end: "lower" | "upper"): readonly LoadedRevision[] | undefined {
  if (text === "") return undefined;
  const target = parseTarget(text);
  switch (target.kind) {
    case "heads":
      if (target.label !== undefined) return graph.headsOf(target.label);
      return end === "upper" ? undefined : graph.heads();
    case "head": {
      const head = graph.singleHead(target.label, "use heads");
      return head ? [head] : [];
    }
    case "base":
      if (target.label !== undefined) {
        graph.requireLabel(target.label);
        const base = graph.baseOf(target.label);
        return base ? [base] : [];
      }
      return end === "lower" ? undefined : [];
    case "relative":
      throw new UsageError(`History range "${text}": relative steps are not supported here; ${RANGE_HELP}.`);
    case "revision":
      return [graph.resolveOn(target.ref, target.label)];
  }
}
