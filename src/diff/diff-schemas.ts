import { addForeignKey, createTable, dropForeignKey, dropTable, type Operation } from "../operations";
import { byName } from "../schema/by-name";
import type { SchemaModel } from "../schema/model";
import { applyRenames, type Renames } from "./apply-renames";
import { compareEnums } from "./compare-enums";
import { compareViews } from "./compare-views";
import { compareTable } from "./compare-table";
import { keysWithTable } from "./keys-with-table";
import { creationOrder } from "./creation-order";

export interface DiffOptions {
  readonly renames?: Renames;
}

/**
 * The operations that take the database (`from`) to the metadata (`to`). Pure: the
 * inputs are not touched. Both models must be normalised by the same dialect; the
 * `declared*` fields are ignored here and only travel to the revision file.
 *
 * The order runs forwards, and `invertAll` of it runs backwards:
 *  1. enum types created and altered (columns below may use the new values), an enum
 *     whose columns all stay being changed by their alterColumn alone;
 *  2. renames, so that everything after uses the new names;
 *  3. foreign keys dropped, then tables dropped (children first) — before any column
 *     they reference is dropped or altered;
 *  4. each remaining table's own changes, table by table in name order (compareTable),
 *     with the foreign keys of step 3 and 5 that no other table's change must come
 *     between (one rebuild per table on SQLite);
 *  5. tables created (parents first), then foreign keys added — after every column
 *     and unique key they reference exists;
 *  6. enum types dropped, once nothing uses them.
 * Views no entity wants, whose query changed, or that read a table whose columns are
 * retyped or dropped, are dropped before all of it, and the entities' views created
 * after it (compareViews).
 */
export function diffSchemas(from: SchemaModel, to: SchemaModel, options: DiffOptions = {}): Operation[] {
  const renamed = applyRenames(from, to, options.renames);
  const before = renamed.schema;
  const beforeNames = new Set(before.tables.map((t) => t.name));
  const afterNames = new Set(to.tables.map((t) => t.name));

  const enums = compareEnums(before, to);
  const created = creationOrder(to.tables.filter((t) => !beforeNames.has(t.name)));
  const dropped = creationOrder(before.tables.filter((t) => !afterNames.has(t.name)));
  const beforeTables = new Map(before.tables.map((t) => [t.name, t]));
  // Tables renamed, or with a renamed column: the names TypeORM derives from theirs follow (compareTable).
  const renamedTables = new Set(renamed.operations.flatMap((op) => (op.kind === "renameTable" ? [op.to] : op.kind === "renameColumn" ? [op.table] : [])));
  const changed = [...to.tables]
    .sort(byName)
    .flatMap((t) => {
      const old = beforeTables.get(t.name);
      return old ? [compareTable(old, t, renamedTables.has(t.name))] : [];
    });

  const retyped = changed.filter((d) => d.operations.some((op) => op.kind === "alterColumn" || op.kind === "dropColumn"));
  const views = compareViews(before, to, new Set([...retyped.map((d) => d.table), ...dropped.tables.map((t) => t.name)]));

  const withTable = keysWithTable(
    changed,
    new Set(dropped.tables.map((t) => t.name)),
    new Set(created.tables.map((t) => t.name)),
  );
  const apart = <T>(all: readonly T[], together: readonly T[]) => all.filter((x) => !together.includes(x));

  return [
    ...views.dropped,
    ...enums.created,
    ...enums.altered,
    ...renamed.operations,
    ...changed.flatMap((d) => apart(d.foreignKeys.drops, withTable.drops(d)).map((fk) => dropForeignKey(d.table, fk))),
    ...dropped.deferred.map((d) => dropForeignKey(d.table, d.foreignKey)),
    ...[...dropped.tables].reverse().map(dropTable),
    ...changed.flatMap((d) => [
      ...withTable.drops(d).map((fk) => dropForeignKey(d.table, fk)),
      ...d.operations,
      ...withTable.adds(d).map((fk) => addForeignKey(d.table, fk)),
    ]),
    ...created.tables.map(createTable),
    ...changed.flatMap((d) => apart(d.foreignKeys.adds, withTable.adds(d)).map((fk) => addForeignKey(d.table, fk))),
    ...created.deferred.map((d) => addForeignKey(d.table, d.foreignKey)),
    ...enums.dropped,
    ...views.created,
  ];
}
