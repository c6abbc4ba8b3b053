import { ValidationError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import type { AppliedRow } from "./version-table";

/**
 * Refuses a version table whose applied set is not closed under ancestry: an applied
 * revision whose parent or dependency has no row (a row deleted by hand, a half-restored
 * backup). Upgrading would re-run the missing revision on top of its own changes. The
 * repair, when its changes are there, is `stamp` of the applied head above the gap,
 * which records every revision below it and removes nothing.
 */
export function validateAncestry(rows: readonly AppliedRow[], graph: RevisionGraph): void {
  const applied = graph.appliedOf(new Set(rows.map((r) => r.revision)));
  for (const revision of graph.inOrder(applied)) {
    const missing = [...revision.downRevisions, ...revision.dependsOn].find((id) => !applied.has(id));
    if (missing === undefined) continue;
    const how = revision.downRevisions.includes(missing) ? "builds on" : "depends on";
    const heads = graph
      .appliedHeads(applied)
      .filter((head) => graph.ancestors([head.id]).has(missing))
      .map((head) => head.id);
    throw new ValidationError(
      `The version table records ${revision.id} as applied but not ${missing}, which it ${how}: a row is missing (deleted by hand?).\n` +
        `If the changes of ${missing} are in the database, record it without running it: ${heads.map((h) => `\`strata stamp ${h}\``).join(" and ")}. ` +
        `Otherwise restore the database from a backup.`,
    );
  }
}
