import { appliedIds } from "./applied";
import type { Session } from "./session";
import { applySteps, type RunOutcome } from "./upgrade";

/** Reverts to `target`; revisions taken down only through dependsOn are reported first. */
export async function downgrade(session: Session, target: string, options: { sql?: boolean } = {}): Promise<RunOutcome> {
  const plan = session.graph.downgradePlan(appliedIds(session), target);
  for (const dependent of plan.dependents) {
    const on = dependent.dependsOn.find((d) => plan.revisions.some((r) => r.id === d)) ?? dependent.dependsOn[0] ?? "";
    session.onEvent({ type: "dependent", revision: dependent.id, dependsOn: on });
  }
  return applySteps(session, plan.revisions.map((revision) => ({ revision, direction: "down" as const })), options.sql ?? false);
}
