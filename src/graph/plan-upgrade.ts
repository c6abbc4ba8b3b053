import { UsageError } from "../errors";
import { orList } from "./or-list";
import { headGoals } from "./head-goals";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseTarget, relativeForm, type Target } from "./target";

const UPGRADE_FORMS = "heads, head, L@head, a revision id, +N or L@+N";

/**
 * The revisions `upgrade target` applies, in apply order: every ancestor of the goal
 * revisions (dependsOn included, so another branch's revision a goal depends on comes
 * first) that is not applied yet. Empty when there is nothing to do.
 */
export function planUpgrade(graph: RevisionGraph, applied: ReadonlySet<string>, text: string): readonly LoadedRevision[] {
  const goals = upgradeGoals(graph, applied, parseTarget(text), text);
  const needed = graph.ancestors(goals.map((r) => r.id));
  return graph.inOrder([...needed].filter((id) => !applied.has(id)));
}

function upgradeGoals(
  graph: RevisionGraph,
  applied: ReadonlySet<string>,
  target: Target,
  text: string,
): readonly LoadedRevision[] {
  switch (target.kind) {
    case "heads":
    case "head":
      return headGoals(graph, target);
    case "base":
      throw new UsageError(`"${text}" is a downgrade target: upgrade takes ${UPGRADE_FORMS}.`);
    case "relative":
      if (target.steps < 0) throw new UsageError(`"${text}" goes down: use \`strata downgrade ${text}\`.`);
      return stepUp(graph, applied, target.label, target.steps);
    case "revision":
      return [graph.resolveOn(target.ref, target.label)];
  }
}

/**
 * `+N` / `L@+N`: N revisions up the branch from its applied head (or from its base when
 * none of it is applied), walking downRevision children. A fork on the way, or a bare +N
 * that could start on more than one branch, is refused rather than guessed.
 */
function stepUp(
  graph: RevisionGraph,
  applied: ReadonlySet<string>,
  label: string | undefined,
  steps: number,
): readonly LoadedRevision[] {
  const form = relativeForm(label, steps);
  const onBranch = (r: LoadedRevision) => label === undefined || graph.branchesOf(r.id).includes(label);
  const next = (r: LoadedRevision) => graph.childrenOf(r.id).filter((c) => !applied.has(c.id) && onBranch(c));
  const first = new Set<LoadedRevision>();
  if (label !== undefined) graph.requireLabel(label);
  const heads = graph.appliedHeads(applied).filter(onBranch);
  for (const head of heads) for (const child of next(head)) first.add(child);
  if (label === undefined) {
    for (const base of graph.bases()) if (!applied.has(base.id)) first.add(base);
  } else if (heads.length === 0) {
    const base = graph.baseOf(label);
    if (base && !applied.has(base.id)) first.add(base);
  }
  if (first.size === 0) return [];
  if (first.size > 1) throw severalStarts(graph, [...first], label, steps);
  let current = [...first][0];
  for (let taken = 1; taken < steps; taken++) {
    const children = next(current);
    if (children.length === 0) {
      const branch = label ?? graph.branchOf(current.id) ?? "its branch";
      throw new UsageError(
        `${form} goes past the head: only ${taken} revision${taken === 1 ? "" : "s"} to go on ${branch}, up to ${current.id}.\n` +
          `Use ${relativeForm(label, taken)} or ${label === undefined ? "heads" : `${label}@head`}.`,
      );
    }
    if (children.length > 1) {
      throw new UsageError(
        `${form} is ambiguous: after ${current.id} the branch forks into ${orList(children.map((c) => c.id))}.\n` +
          `Upgrade to one of them by id, or merge the fork first.`,
      );
    }
    current = children[0];
  }
  return [current];
}

function severalStarts(
  graph: RevisionGraph,
  first: readonly LoadedRevision[],
  label: string | undefined,
  steps: number,
): UsageError {
  const form = relativeForm(label, steps);
  const labels = first.map((r) => graph.branchOf(r.id));
  const distinct = new Set(labels).size === labels.length && labels.every((l) => l !== undefined);
  if (label === undefined && distinct) {
    const moves = first.map((r, i) => `${labels[i]} (next ${r.id})`).join(", ");
    return new UsageError(
      `${form} would move more than one branch: ${moves}.\n` +
        `Specify ${orList(labels.map((l) => relativeForm(l, steps)))}, or use heads.`,
    );
  }
  return new UsageError(
    `${form} is ambiguous: the next revision could be ${orList(first.map((r) => r.id))}.\n` +
      `Upgrade to one of them by id, or merge the fork first.`,
  );
}
