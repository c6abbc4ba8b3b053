import type { CheckModel, ForeignKeyModel, IndexModel, TableModel, UniqueModel } from "../schema/model";
import { type Matched, matchByName, sameList } from "./match-by-name";

const sameIndex = (a: IndexModel, b: IndexModel) =>
  a.unique === b.unique && a.where === b.where && sameList(a.columns, b.columns);
const sameUnique = (a: UniqueModel, b: UniqueModel) => sameList(a.columns, b.columns);
const sameCheck = (a: CheckModel, b: CheckModel) => a.expression === b.expression;
const sameForeignKey = (a: ForeignKeyModel, b: ForeignKeyModel) =>
  a.referencedTable === b.referencedTable &&
  a.onDelete === b.onDelete &&
  a.onUpdate === b.onUpdate &&
  a.deferrable === b.deferrable &&
  sameList(a.columns, b.columns) &&
  sameList(a.referencedColumns, b.referencedColumns);

/** What to drop and what to add (a changed definition is a drop of the old plus an add of the new), and what has a new name only. */
export interface DropsAndAdds<T> {
  readonly drops: readonly T[];
  readonly adds: readonly T[];
  readonly renames: readonly (readonly [from: string, to: string])[];
}

const dropsAndAdds = <T extends { readonly name: string }>(matched: Matched<T>): DropsAndAdds<T> => ({
  drops: [...matched.removed, ...matched.changed.map(([from]) => from)],
  adds: [...matched.changed.map(([, to]) => to), ...matched.added],
  renames: matched.renamed.map(([from, to]) => [from.name, to.name] as const),
});

export const compareIndexes = (from: TableModel, to: TableModel) =>
  dropsAndAdds(matchByName(from.indexes, to.indexes, sameIndex));
export const compareUniques = (from: TableModel, to: TableModel) =>
  dropsAndAdds(matchByName(from.uniques, to.uniques, sameUnique));
export const compareChecks = (from: TableModel, to: TableModel) =>
  dropsAndAdds(matchByName(from.checks, to.checks, sameCheck));
export const compareForeignKeys = (from: TableModel, to: TableModel) =>
  dropsAndAdds(matchByName(from.foreignKeys, to.foreignKeys, sameForeignKey));
