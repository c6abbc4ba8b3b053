import type { Operation } from "../operations";
import type { ForeignKeyModel } from "../schema/model";
import type { TableDiff } from "./compare-table";

/** Whether an operation on a referenced table changes what a key to its `columns` relies on: those columns, its primary key, a unique. */
function touchesReferenced(op: Operation, columns: readonly string[]): boolean {
  switch (op.kind) {
    case "alterColumn":
      return columns.includes(op.to.name);
    case "addColumn":
    case "dropColumn":
      return columns.includes(op.column.name);
    case "createIndex":
    case "dropIndex":
      return op.index.unique;
    case "alterPrimaryKey":
    case "addUnique":
    case "dropUnique":
      return true;
    default:
      return false;
  }
}

/** The foreign keys that are dropped and added with their table's other changes, and those kept in phases of their own. */
export interface KeysWithTable {
  readonly drops: (d: TableDiff) => readonly ForeignKeyModel[];
  readonly adds: (d: TableDiff) => readonly ForeignKeyModel[];
}

/**
 * A key dropped or added with its table's other changes lets SQLite rebuild the table
 * once. It stays in its own phase (drops before every table's changes, adds after them)
 * only when an order across tables needs it: a key to a dropped or created table, or to
 * a table whose changes touch the referenced columns, key or uniques and run on the
 * wrong side of this table's (a drop must come before them, an add after).
 */
export function keysWithTable(changed: readonly TableDiff[], dropped: ReadonlySet<string>, created: ReadonlySet<string>): KeysWithTable {
  const position = new Map(changed.map((d, i) => [d.table, i]));
  /** -1 when `fk`'s referenced table changes what it relies on before `table`'s changes, 1 after, 0 when not at all. */
  const side = (table: string, fk: ForeignKeyModel) => {
    const at = position.get(fk.referencedTable);
    if (fk.referencedTable === table || at === undefined) return 0;
    if (!changed[at]!.operations.some((op) => touchesReferenced(op, fk.referencedColumns))) return 0;
    return at < position.get(table)! ? -1 : 1;
  };
  return {
    drops: (d) => d.foreignKeys.drops.filter((fk) => !dropped.has(fk.referencedTable) && side(d.table, fk) >= 0),
    adds: (d) => d.foreignKeys.adds.filter((fk) => !created.has(fk.referencedTable) && side(d.table, fk) <= 0),
  };
}
