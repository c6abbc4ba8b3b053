import { appliedIds } from "./applied";
import type { Session } from "./session";
import { applySteps, type RunOutcome } from "./upgrade";

/** Reverts to `target`; revisions taken down only through dependsOn are reported first. */
export async function downgrade(session: Session, target: string, options: { sql?: boolean } = {}): Promise<RunOutcome> {
  const plan = session.graph.downgradePlan(appliedIds(session), target);
  const reverted = new Set(plan.revisions.map((r) => r.id));
  for (const dependent of plan.dependents) {
    // A dependent's own descendants are taken down with it; name the reason where it is direct.
    const on = dependent.dependsOn.find((d) => reverted.has(d));
    if (on) session.onEvent({ type: "dependent", revision: dependent.id, dependsOn: on });
  }
  return applySteps(session, plan.revisions.map((revision) => ({ revision, direction: "down" as const })), options.sql ?? false);
}
