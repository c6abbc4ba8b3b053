import { UsageError } from "../errors";
import { orList } from "./or-list";
import type { LoadedRevision } from "./revision";
import type { RevisionGraph } from "./revision-graph";
import { parseLast, parseTarget, relativeForm, type Target } from "./target";

const DOWNGRADE_FORMS = "-N, L@-N, last, L@last, base, L@base or a revision id";

export interface DowngradePlan {
  /** Everything to revert, in revert order (children and dependents before what they build on). */
  readonly revisions: readonly LoadedRevision[];
  /**
   * The part of `revisions` reverted only because it depends, through dependsOn, on a
   * reverted revision (with its own applied descendants): another branch's revisions
   * that the command must name, since the user did not ask for them.
   */
  readonly dependents: readonly LoadedRevision[];
}

/**
 * What `downgrade target` reverts. The target picks the revisions to take down; their
 * applied descendants along downRevision go with them, and then anything applied that
 * depends on any of those, so the database never keeps a revision whose dependency was
 * reverted. Reverting one branch otherwise leaves the others alone.
 */
export function planDowngrade(
  graph: RevisionGraph,
  applied: ReadonlySet<string>,
  text: string,
  appliedOrder: readonly string[] = [],
): DowngradePlan {
  const last = parseLast(text);
  const roots = last ? lastApplied(graph, appliedOrder, last.label) : revertRoots(graph, applied, parseTarget(text), text);
  const own = [...graph.descendants(roots)].filter((id) => applied.has(id));
  // `last` names everything beyond the one revision: the user asked for that one alone.
  const ownSet = new Set(last ? roots : own);
  const all = [...graph.descendants(roots, { dependsOn: true })].filter((id) => applied.has(id));
  return {
    revisions: graph.inOrder(all).reverse(),
    dependents: graph.inOrder(all.filter((id) => !ownSet.has(id))).reverse(),
  };
}

function revertRoots(graph: RevisionGraph, applied: ReadonlySet<string>, target: Target, text: string): readonly string[] {
  switch (target.kind) {
    case "heads":
    case "head":
      throw new UsageError(`"${text}" is an upgrade target: downgrade takes ${DOWNGRADE_FORMS}.`);
    case "base":
      return target.label === undefined ? [...applied] : onBranch(graph, target.label).filter((id) => applied.has(id));
    case "relative":
      if (target.steps > 0) throw new UsageError(`"${text}" goes up: use \`strata upgrade ${text}\`.`);
      return stepDown(graph, applied, target.label, -target.steps);
    case "revision": {
      const revision = graph.resolveOn(target.ref, target.label);
      if (!applied.has(revision.id)) {
        throw new UsageError(
          `Revision ${revision.id} is not applied, so there is nothing above it to revert (see \`strata current\`).\n` +
            `To apply it, use \`strata upgrade ${revision.id}\`.`,
        );
      }
      return [...graph.descendants([revision.id], { inclusive: false })];
    }
  }
}

/**
 * `last`: the revision applied most recently (by the version table's order, oldest
 * first), whatever its branch, or on branch `label`; what builds on it or depends on it
 * goes down with it, named as dependents.
 */
function lastApplied(graph: RevisionGraph, appliedOrder: readonly string[], label: string | undefined): string[] {
  if (label !== undefined) graph.requireLabel(label);
  const known = appliedOrder.filter((id) => graph.has(id) && (label === undefined || graph.branchesOf(id).includes(label)));
  return known.length === 0 ? [] : [known[known.length - 1]!];
}

/** Every revision carrying `label`. */
function onBranch(graph: RevisionGraph, label: string): readonly string[] {
  const base = graph.baseOf(label);
  return base ? [...graph.descendants([base.id])] : [];
}

/**
 * `-N` / `L@-N`: the branch's applied head and the N-1 applied revisions below it along
 * downRevision. Several applied heads (a bare -N with two branches applied) or a merge
 * on the way down are refused rather than guessed.
 */
function stepDown(graph: RevisionGraph, applied: ReadonlySet<string>, label: string | undefined, steps: number): string[] {
  const form = relativeForm(label, -steps);
  if (label !== undefined) graph.requireLabel(label);
  const carries = (r: LoadedRevision) => label === undefined || graph.branchesOf(r.id).includes(label);
  const heads = graph.appliedHeads(applied).filter(carries);
  if (heads.length === 0) return [];
  if (heads.length > 1) throw severalHeads(graph, heads, label, steps);
  let current = heads[0];
  const taken = [current.id];
  while (taken.length < steps) {
    const parents = current.downRevisions.map((id) => graph.get(id)).filter((p) => applied.has(p.id) && carries(p));
    if (parents.length === 0) {
      const branch = label ?? graph.branchOf(current.id) ?? "its branch";
      throw new UsageError(
        `${form} goes past the base: only ${taken.length} applied revision${taken.length === 1 ? "" : "s"} on ${branch}, down to ${current.id}.\n` +
          `Use ${relativeForm(label, -taken.length)} or ${label === undefined ? "base" : `${label}@base`}.`,
      );
    }
    if (parents.length > 1) {
      throw new UsageError(
        `${form} is ambiguous: ${current.id} merges ${orList(parents.map((p) => p.id))}.\n` +
          `Downgrade to one of them by id.`,
      );
    }
    current = parents[0];
    taken.push(current.id);
  }
  return taken;
}

function severalHeads(
  graph: RevisionGraph,
  heads: readonly LoadedRevision[],
  label: string | undefined,
  steps: number,
): UsageError {
  const form = relativeForm(label, -steps);
  const labels = heads.map((h) => graph.branchOf(h.id));
  const distinct = new Set(labels).size === labels.length && labels.every((l) => l !== undefined);
  if (label === undefined && distinct) {
    const at = heads.map((h, i) => `${labels[i]} (at ${h.id})`).join(", ");
    return new UsageError(
      `${form} would move more than one branch: ${at}.\n` +
        `Specify ${orList(labels.map((l) => relativeForm(l, -steps)))}.`,
    );
  }
  return new UsageError(
    `${form} is ambiguous: ${label ?? "the branch"} has ${heads.length} applied heads, ${orList(heads.map((h) => h.id))}.\n` +
      `Downgrade to a revision by id, or merge the heads first.`,
  );
}
