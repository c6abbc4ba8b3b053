import { StrataError } from "../errors";
import type { ForeignKeyModel, TableModel } from "../schema/model";
import { byName } from "../schema/by-name";

/** One table of the port, in the order the rows go in. */
export interface TableCopy {
  readonly table: TableModel;
  /**
   * Foreign keys that close a cycle: their columns are copied as NULL, then set once every
   * table's rows are in (the constraints stay on the whole time).
   */
  readonly deferred: readonly ForeignKeyModel[];
}

const nullable = (table: TableModel, fk: ForeignKeyModel) =>
  fk.columns.every((name) => table.columns.find((c) => c.name === name)?.nullable === true);

/**
 * Parents before children. A cycle (two tables referencing each other, or a table
 * referencing itself) is broken at a foreign key whose columns may be NULL; a cycle with
 * no such key cannot be copied with the constraints on, and is refused before anything is
 * written.
 */
export function copyOrder(tables: readonly TableModel[]): TableCopy[] {
  const names = new Set(tables.map((t) => t.name));
  const deferred = new Map<string, ForeignKeyModel[]>(tables.map((t) => [t.name, []]));
  // Self-references: rows of one table may point at rows copied later.
  for (const table of tables) {
    for (const fk of table.foreignKeys) if (fk.referencedTable === table.name && nullable(table, fk)) deferred.get(table.name)!.push(fk);
  }
  const pending = (table: TableModel) =>
    table.foreignKeys.filter(
      (fk) => fk.referencedTable !== table.name && names.has(fk.referencedTable) && !deferred.get(table.name)!.includes(fk),
    );
  const ordered: TableModel[] = [];
  let remaining = [...tables].sort(byName);
  while (remaining.length > 0) {
    const left = new Set(remaining.map((t) => t.name));
    const ready = remaining.filter((t) => pending(t).every((fk) => !left.has(fk.referencedTable)));
    if (ready.length > 0) {
      ordered.push(...ready);
      remaining = remaining.filter((t) => !ready.includes(t));
      continue;
    }
    // Every remaining table waits on another: break the cycle at a nullable key.
    const breakable = remaining.flatMap((t) => pending(t).filter((fk) => left.has(fk.referencedTable) && nullable(t, fk)).map((fk) => ({ t, fk })));
    if (breakable.length === 0) {
      throw new StrataError(
        `Foreign keys form a cycle with no nullable column among ${remaining.map((t) => t.name).join(", ")}: ` +
          `the rows cannot be copied with the constraints on. Make one of those foreign keys nullable (or DEFERRABLE) and port again.`,
      );
    }
    deferred.get(breakable[0]!.t.name)!.push(breakable[0]!.fk);
  }
  return ordered.map((table) => ({ table, deferred: deferred.get(table.name)! }));
}
