import { byName } from "../schema/by-name";
import type { ForeignKeyModel, TableModel } from "../schema/model";

export interface CreationOrder {
  /** Parents before children; each table keeps the foreign keys that can be created with it. */
  readonly tables: readonly TableModel[];
  /** Foreign keys of a cycle, which must be added after all of these tables exist. */
  readonly deferred: readonly { readonly table: string; readonly foreignKey: ForeignKeyModel }[];
}

/**
 * Orders tables that are created (or, reversed, dropped) together so that a foreign key
 * can be created inline with its table: PostgreSQL needs the referenced table to exist,
 * and on SQLite adding a key later means a table rebuild. Ties go by name for a stable
 * order; a cycle is broken at the first table by name, whose keys into the cycle are deferred.
 */
export function creationOrder(tables: readonly TableModel[]): CreationOrder {
  const pending = [...tables].sort(byName);
  const names = new Set(pending.map((t) => t.name));
  const created = new Set<string>();
  const waitsFor = (t: TableModel, fk: ForeignKeyModel) =>
    fk.referencedTable !== t.name && names.has(fk.referencedTable) && !created.has(fk.referencedTable);

  const ordered: TableModel[] = [];
  const deferred: { table: string; foreignKey: ForeignKeyModel }[] = [];
  while (pending.length > 0) {
    let next = pending.findIndex((t) => !t.foreignKeys.some((fk) => waitsFor(t, fk)));
    if (next === -1) next = 0;
    const [table] = pending.splice(next, 1) as [TableModel];
    const later = table.foreignKeys.filter((fk) => waitsFor(table, fk));
    deferred.push(...later.map((foreignKey) => ({ table: table.name, foreignKey })));
    ordered.push(later.length === 0 ? table : { ...table, foreignKeys: table.foreignKeys.filter((fk) => !later.includes(fk)) });
    created.add(table.name);
  }
  return { tables: ordered, deferred };
}
