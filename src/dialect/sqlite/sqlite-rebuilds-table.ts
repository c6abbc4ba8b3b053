import type { Operation } from "../../operations/operation";
import { tableChangeOf } from "../../operations/table-change-of";
import { planSqliteChange, storedAlikeAsWritten } from "./sqlite-change-plan";

/**
 * Whether SQLite rebuilds the operation's table, judged by the plan that runs it, on the
 * spec the revision file carries (no database at hand to resolve its types). A change
 * decided on the database (a column drop) counts: it may rebuild.
 */
export function sqliteRebuildsTable(op: Operation): boolean {
  const found = tableChangeOf(op);
  if (!found) return false;
  const step = planSqliteChange(found.change, { table: found.table, storedAlike: storedAlikeAsWritten });
  return step.kind === "edit" || (step.kind === "inPlace" && step.mayRebuild === true);
}
