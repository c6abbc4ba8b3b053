import { CycleError } from "./cycle-error";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";

/** What must come before a revision: its parents and the revisions it depends on. */
function prerequisites(revision: LoadedRevision): readonly string[] {
  if (revision.dependsOn.length === 0) return revision.downRevisions;
  return [...new Set([...revision.downRevisions, ...revision.dependsOn])];
}

/**
 * Orders revisions so that every parent and dependency precedes its children (Kahn's
 * algorithm). Among revisions that are ready together it continues the chain it is on
 * and otherwise keeps the input order, so the result is stable and each branch reads as
 * one run rather than interleaved with the others. Every referenced id must exist.
 */
export function topologicalOrder(revisions: readonly LoadedRevision[]): LoadedRevision[] {
  // By input position, not by id, and the links in typed arrays (each revision's
  // dependents a slice of one list): a long history allocates no array per revision.
  // Indexed loops: this runs once per process, mostly before the JIT has compiled it.
  const count = revisions.length;
  const position = new Map<string, number>();
  for (let i = 0; i < count; i++) position.set(revisions[i].id, i);
  const needs = revisions.map(prerequisites);
  const waitingOn = new Int32Array(count);
  const firstDependent = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const before = needs[i];
    waitingOn[i] = before.length;
    for (let k = 0; k < before.length; k++) firstDependent[position.get(before[k])! + 1]++;
  }
  for (let i = 0; i < count; i++) firstDependent[i + 1] += firstDependent[i];
  const filled = firstDependent.slice(0, count);
  const dependents = new Int32Array(firstDependent[count]);
  for (let i = 0; i < count; i++) {
    const before = needs[i];
    for (let k = 0; k < before.length; k++) dependents[filled[position.get(before[k])!]++] = i;
  }

  const ready: number[] = [];
  for (let i = 0; i < count; i++) if (waitingOn[i] === 0) ready.push(i);
  const order: LoadedRevision[] = [];
  let last: LoadedRevision | undefined;
  while (ready.length > 0) {
    let pick = 0;
    for (let i = 1; i < ready.length; i++) {
      const better = Number(continues(revisions[ready[i]], last)) - Number(continues(revisions[ready[pick]], last)) || ready[pick] - ready[i];
      if (better > 0) pick = i;
    }
    // The pick is by position, not by place in `ready`: the last one fills its place.
    const next = ready[pick];
    ready[pick] = ready[ready.length - 1];
    ready.pop();
    last = revisions[next];
    order.push(last);
    for (let d = firstDependent[next]; d < firstDependent[next + 1]; d++) if (--waitingOn[dependents[d]] === 0) ready.push(dependents[d]);
  }
  if (order.length < count) {
    const placed = new Set(order.map((r) => r.id));
    throw cycleError(revisions.filter((r) => !placed.has(r.id)), new Map(revisions.map((r) => [r.id, r])));
  }
  return order;
}

function continues(revision: LoadedRevision, last: LoadedRevision | undefined): boolean {
  return last !== undefined && revision.downRevisions.includes(last.id);
}

/**
 * Every revision Kahn's algorithm left behind waits on another one left behind, so
 * following those links from any of them must come back round: that loop is the cycle.
 */
function cycleError(stuck: readonly LoadedRevision[], byId: ReadonlyMap<string, LoadedRevision>): CycleError {
  const stuckIds = new Set(stuck.map((r) => r.id));
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  let current = stuck[0].id;
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = prerequisites(byId.get(current)!).find((id) => stuckIds.has(id))!;
  }
  // The walk went from child to parent; show it parent first, closing the loop.
  const loop = path.slice(seenAt.get(current)).reverse();
  loop.push(loop[0]);
  const files = [...new Set(loop)].map((id) => displayPath(byId.get(id)!.file));
  return new CycleError(
    `Revisions form a cycle through downRevision/dependsOn: ${loop.join(" -> ")}.\n` +
      `Fix the downRevision or dependsOn of one of ${files.join(", ")}.`,
    loop.slice(0, -1),
  );
}
