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
  // By input position, not by id: a long history costs two map lookups per link.
  const position = new Map<string, number>();
  revisions.forEach((revision, i) => position.set(revision.id, i));
  const waitingOn = new Int32Array(revisions.length);
  const unblocks: (number[] | undefined)[] = [];
  revisions.forEach((revision, i) => {
    const needs = prerequisites(revision);
    waitingOn[i] = needs.length;
    for (const before of needs) (unblocks[position.get(before)!] ??= []).push(i);
  });
  const ready: number[] = [];
  waitingOn.forEach((count, i) => count === 0 && ready.push(i));
  const order: LoadedRevision[] = [];
  let last: LoadedRevision | undefined;
  while (ready.length > 0) {
    let pick = 0;
    for (let i = 1; i < ready.length; i++) {
      const better = Number(continues(revisions[ready[i]], last)) - Number(continues(revisions[ready[pick]], last)) || ready[pick] - ready[i];
      if (better > 0) pick = i;
    }
    const [next] = ready.splice(pick, 1);
    last = revisions[next];
    order.push(last);
    for (const child of unblocks[next] ?? []) if (--waitingOn[child] === 0) ready.push(child);
  }
  if (order.length < revisions.length) {
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
