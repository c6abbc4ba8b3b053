import { UsageError } from "../errors";
import { appliedIds } from "./applied";
import { type DataLoss, losesRows, measureDataLoss } from "./data-loss";
import type { Session } from "./session";
import { applySteps, type RunOutcome } from "./upgrade";

export interface DowngradeOptions {
  readonly sql?: boolean;
  /**
   * Whether to go ahead when the revisions' down() drop tables or columns that hold rows
   * (or when what they drop cannot be worked out): `true`, or a question answered per
   * run (the CLI asks on a TTY). Default: refuse.
   */
  readonly allowDataLoss?: boolean | ((loss: DataLoss) => boolean | Promise<boolean>);
}

function describeLoss(loss: DataLoss): string {
  if (loss.unknown !== undefined) return `what it drops could not be worked out (${loss.unknown})`;
  const parts = [
    ...loss.tables.filter((t) => t.rows > 0).map((t) => `table ${t.table} (${t.rows} rows)`),
    ...loss.columns.filter((c) => c.rows > 0).map((c) => `column ${c.table}.${c.column} (${c.rows} values)`),
  ];
  return `it drops ${parts.join(", ")}`;
}

/**
 * Applied revisions, oldest first, by the version table's applied_at; revisions applied
 * in the same instant (PostgreSQL's now() is the transaction's start) by graph order.
 */
function appliedOrder(session: Session): string[] {
  const position = new Map(session.graph.all().map((r, i) => [r.id, i]));
  const at = (id: string) => position.get(id) ?? -1;
  return [...session.rows]
    .sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : a.appliedAt > b.appliedAt ? 1 : at(a.revision) - at(b.revision)))
    .map((r) => session.graph.replacedBy(r.revision) ?? r.revision);
}

/** Reverts to `target`; revisions taken down only through dependsOn are reported first. */
export async function downgrade(session: Session, target: string, options: DowngradeOptions = {}): Promise<RunOutcome> {
  const plan = session.graph.downgradePlan(appliedIds(session), target, appliedOrder(session));
  const reverted = new Set(plan.revisions.map((r) => r.id));
  for (const dependent of plan.dependents) {
    // A dependent's own descendants are taken down with it; name the reason where it is direct.
    const on = [...dependent.dependsOn, ...dependent.downRevisions].find((d) => reverted.has(d));
    if (on) session.onEvent({ type: "dependent", revision: dependent.id, dependsOn: on });
  }
  const steps = plan.revisions.map((revision) => ({ revision, direction: "down" as const }));
  if (!options.sql && steps.length > 0) {
    const loss = await measureDataLoss(session, steps);
    if (loss.unknown !== undefined || loss.tables.length > 0 || loss.columns.length > 0) session.onEvent({ type: "data-loss", loss });
    const allow = options.allowDataLoss;
    if (losesRows(loss) && !(typeof allow === "function" ? await allow(loss) : allow === true)) {
      throw new UsageError(
        `Refused: this downgrade loses data: ${describeLoss(loss)}.\n` +
          `Back the data up if it matters, then run again with --yes (allowDataLoss: true from code).`,
      );
    }
  }
  return applySteps(session, steps, options.sql ?? false);
}
