import { addColumn } from "./column-operations";
import { invertAll } from "./invert";
import type { Operation } from "./operation";

/** The downgrade's operations, with a note for those that cannot bring the old data back. */
export interface Downgrade {
  readonly ops: readonly Operation[];
  readonly notes: ReadonlyMap<Operation, string>;
}

/**
 * The upgrade reversed (invertAll), except that a dropped column comes back able to hold
 * the rows that exist by then: its values are gone, so a NOT NULL column without a
 * default (or generation) returns nullable, or the downgrade would fail on any table
 * with rows. invertAll stays exact; only the revision's down() is relaxed.
 */
export function downgradeOf(up: readonly Operation[]): Downgrade {
  const notes = new Map<Operation, string>();
  const ops = invertAll(up).map((op) => {
    if (op.kind !== "addColumn" || !up.some((u) => u.kind === "dropColumn" && u.table === op.table && u.column === op.column)) return op;
    const { column } = op;
    const where = `${op.table}.${column.name}`;
    if (column.nullable || column.default !== undefined || column.generated !== undefined) {
      notes.set(op, `${where} comes back empty: up() dropped its values`);
      return op;
    }
    const relaxed = addColumn(op.table, { ...column, nullable: true });
    notes.set(relaxed, `${where} comes back nullable (it was NOT NULL): up() dropped its values, so existing rows hold NULL`);
    return relaxed;
  });
  return { ops, notes };
}
