import { UsageError } from "../errors";
import { headGoals } from "./head-goals";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseTarget, type Target } from "./target";

export interface StampOptions {
  /** Drop every version row outside the target first (the table then holds the target exactly). */
  readonly purge?: boolean;
}

/** Version rows to write and to delete; `add` in apply order, `remove` in revert order. */
export interface StampPlan {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/**
 * `stamp target [--purge]`: records revisions as applied (or not) without running them.
 * Stamping up marks the target and all its ancestors, dependsOn included, and removes
 * nothing: `stamp heads` keeps every other branch's rows (Alembic's stamp dropped a
 * plugin branch's row). Stamping down to a revision unmarks its applied descendants, and
 * what depends on them, as a downgrade would revert them.
 */
export function planStamp(
  graph: RevisionGraph,
  applied: ReadonlySet<string>,
  text: string,
  options: StampOptions,
): StampPlan {
  const target = parseTarget(text);
  if (target.kind === "relative") {
    throw new UsageError(`stamp takes an absolute target (heads, head, L@head, a revision id, base or L@base), not "${text}".`);
  }
  if (target.kind === "base") {
    const remove =
      options.purge || target.label === undefined ? [...applied] : onBranchWithDependents(graph, applied, target.label);
    return { add: [], remove: revertOrder(graph, remove) };
  }
  const goals = stampGoals(graph, target);
  const keep = graph.ancestors(goals.map((r) => r.id));
  const add = graph.inOrder([...keep].filter((id) => !applied.has(id))).map((r) => r.id);
  let remove: string[] = [];
  if (options.purge) {
    remove = [...applied].filter((id) => !keep.has(id));
  } else if (target.kind === "revision") {
    // The target stays, so what depends on it stays: only what sits above it goes.
    const above = graph.descendants([goals[0].id], { inclusive: false });
    remove = [...graph.descendants(above, { dependsOn: true })].filter((id) => applied.has(id));
  }
  return { add, remove: revertOrder(graph, remove) };
}

function stampGoals(graph: RevisionGraph, target: Exclude<Target, { kind: "relative" | "base" }>): readonly LoadedRevision[] {
  switch (target.kind) {
    case "heads":
    case "head":
      return headGoals(graph, target);
    case "revision":
      return [graph.resolveOn(target.ref, target.label)];
  }
}

/** The applied revisions carrying `label`, and the applied ones that build on or depend on them. */
function onBranchWithDependents(graph: RevisionGraph, applied: ReadonlySet<string>, label: string): string[] {
  const base = graph.baseOf(label);
  if (!base) return [];
  return [...graph.descendants([base.id], { dependsOn: true })].filter((id) => applied.has(id));
}

/** Rows the code does not know (allowMissing) first, then children before parents. */
function revertOrder(graph: RevisionGraph, ids: readonly string[]): string[] {
  const unknown = ids.filter((id) => !graph.has(id)).sort();
  return [...unknown, ...graph.inOrder(ids).reverse().map((r) => r.id)];
}
