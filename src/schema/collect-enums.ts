import { byName } from "./by-name";
import type { EnumModel, TableModel } from "./model";

/**
 * The enum types the given tables use, sorted by name. Both sides derive them the same
 * way, from their columns, so an enum type that no managed table uses (an ignored
 * table's, or one created by hand) is never proposed for dropping.
 */
export function collectEnums(tables: readonly TableModel[]): EnumModel[] {
  const found = new Map<string, EnumModel>();
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.enumName && column.enumValues && !found.has(column.enumName)) {
        found.set(column.enumName, { name: column.enumName, values: column.enumValues });
      }
    }
  }
  return [...found.values()].sort(byName);
}
