import {
  addCheck,
  addColumn,
  addUnique,
  alterColumn,
  alterPrimaryKey,
  columnChanges,
  createIndex,
  dropCheck,
  dropColumn,
  dropIndex,
  dropUnique,
  type Operation,
  renameConstraint,
  renameIndex,
} from "../operations";
import type { ForeignKeyModel, TableModel } from "../schema/model";
import { compareChecks, compareForeignKeys, compareIndexes, compareUniques, type DropsAndAdds } from "./compare-constraints";
import { sameList } from "./match-by-name";

/** The changes to one table that exists on both sides (after renames). */
export interface TableDiff {
  readonly table: string;
  /** Foreign keys run in their own phases (see diff-schemas), so they are kept apart. */
  readonly foreignKeys: DropsAndAdds<ForeignKeyModel>;
  /** Everything else, in an order that runs forwards and, inverted and reversed, backwards. */
  readonly operations: readonly Operation[];
}

/**
 * `renamed`: the table, or one of its columns, is renamed in this diff. Then its indexes
 * and constraints whose names TypeORM derives from the old names are renamed with them,
 * as TypeORM's own renameTable and renameColumn rename them: its schema builder would
 * otherwise see them as changed. Elsewhere a difference in name alone is left as it is.
 */
export function compareTable(from: TableModel, to: TableModel, renamed = false): TableDiff {
  const table = to.name;
  const indexes = compareIndexes(from, to);
  const uniques = compareUniques(from, to);
  const checks = compareChecks(from, to);
  const foreignKeys = compareForeignKeys(from, to);
  const fromColumn = new Map(from.columns.map((c) => [c.name, c]));
  const toNames = new Set(to.columns.map((c) => c.name));

  const added = to.columns.filter((c) => !fromColumn.has(c.name));
  const dropped = from.columns.filter((c) => !toNames.has(c.name));
  const altered = to.columns.flatMap((c) => {
    const before = fromColumn.get(c.name);
    return before && columnChanges(before, c).length > 0 ? [alterColumn(table, before, c)] : [];
  });

  // Constraints go before the columns they name are dropped and after those they name
  // are added; the key moves while both old and new key columns exist.
  const operations: Operation[] = [
    ...(renamed ? indexes.renames.map(([a, b]) => renameIndex(table, a, b)) : []),
    ...(renamed ? [...uniques.renames, ...checks.renames, ...foreignKeys.renames].map(([a, b]) => renameConstraint(table, a, b)) : []),
    ...indexes.drops.map((index) => dropIndex(table, index)),
    ...uniques.drops.map((unique) => dropUnique(table, unique)),
    ...checks.drops.map((check) => dropCheck(table, check)),
    ...added.map((column) => addColumn(table, column)),
    ...altered,
    ...(sameList(from.primaryKey, to.primaryKey) ? [] : [alterPrimaryKey(table, from.primaryKey, to.primaryKey)]),
    ...dropped.map((column) => dropColumn(table, column)),
    ...uniques.adds.map((unique) => addUnique(table, unique)),
    ...checks.adds.map((check) => addCheck(table, check)),
    ...indexes.adds.map((index) => createIndex(table, index)),
  ];
  return { table, foreignKeys, operations };
}
