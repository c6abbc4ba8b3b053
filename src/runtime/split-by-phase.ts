import type { LoadedRevision, Phase } from "../graph/revision";

export interface PhaseSplit {
  /** What runs now, in apply order. */
  readonly run: readonly LoadedRevision[];
  /** What waits for `--phase post`: each branch's first pending post revision and everything after it. */
  readonly left: readonly LoadedRevision[];
}

/**
 * `--phase pre` stops each branch before its first pending post revision: that one,
 * and whatever builds on it or depends on it, is left for after the roll-out. Any
 * other phase (or none) runs the whole plan. `plan` is in apply order, so a
 * revision's parents and dependencies are decided before it.
 */
export function splitByPhase(plan: readonly LoadedRevision[], phase: Phase | undefined): PhaseSplit {
  if (phase !== "pre") return { run: plan, left: [] };
  const held = new Set<string>();
  for (const r of plan) {
    if (r.phase === "post" || [...r.downRevisions, ...r.dependsOn].some((id) => held.has(id))) held.add(r.id);
  }
  return { run: plan.filter((r) => !held.has(r.id)), left: plan.filter((r) => held.has(r.id)) };
}
