import type { Operation, OperationOf } from "../operations";
import type { ColumnModel, TableModel } from "../schema/model";
import { byCodePoint } from "../schema/by-name";

/** A drop and an add that may be one rename; the CLI suggests `flag` (renaming keeps the data). */
export type PossibleRename =
  | { readonly kind: "table"; readonly from: string; readonly to: string; readonly flag: string }
  | { readonly kind: "column"; readonly table: string; readonly from: string; readonly to: string; readonly flag: string };

const typeKey = (c: ColumnModel) => JSON.stringify([c.type, c.length, c.precision, c.scale, Boolean(c.isArray)]);
/**
 * A table's shape: its columns' types, whatever their names. A rename of an entity's
 * table renames TypeORM's columns and junction tables named after it (post_tags_tag with
 * tagName becomes post_tags_tags with tagsName): the same table, whose column renames are
 * asked about once the table's is answered.
 */
const shapeKey = (t: TableModel) => JSON.stringify(t.columns.map(typeKey).sort(byCodePoint));

const ofKind = <K extends Operation["kind"]>(ops: readonly Operation[], kind: K) =>
  ops.filter((op): op is OperationOf<K> => op.kind === kind);

/**
 * Drop/add pairs that look like renames: in one table, a dropped and an added column of
 * the same type; or a dropped and a created table of the same shape. Every
 * candidate pair is listed; the diff never guesses, the user decides.
 */
export function possibleRenames(ops: readonly Operation[]): PossibleRename[] {
  const found: PossibleRename[] = [];
  const createdTables = ofKind(ops, "createTable");
  for (const drop of ofKind(ops, "dropTable")) {
    for (const create of createdTables) {
      if (shapeKey(drop.table) !== shapeKey(create.table)) continue;
      const [from, to] = [drop.table.name, create.table.name];
      found.push({ kind: "table", from, to, flag: `--rename-table ${from}:${to}` });
    }
  }
  const addedColumns = ofKind(ops, "addColumn");
  for (const drop of ofKind(ops, "dropColumn")) {
    for (const add of addedColumns) {
      if (add.table !== drop.table || typeKey(add.column) !== typeKey(drop.column)) continue;
      const [table, from, to] = [drop.table, drop.column.name, add.column.name];
      found.push({ kind: "column", table, from, to, flag: `--rename ${table}.${from}:${to}` });
    }
  }
  return found;
}
