import type { SchemaModel, TableModel } from "../schema/model";

/** The live tables with only what strata manages, and the rest named (`index members.by_lower_name`). */
export interface SplitTables {
  readonly tables: readonly TableModel[];
  readonly unmanaged: readonly string[];
}

type Named = { readonly name: string };
type Part = "indexes" | "uniques" | "checks" | "foreignKeys";
const PARTS: readonly [Part, string][] = [
  ["indexes", "index"],
  ["uniques", "unique constraint"],
  ["checks", "check"],
  ["foreignKeys", "foreign key"],
];

/** Same definition whatever the name: an unnamed CHECK gets a name each database chooses. */
const definition = (item: Named) => JSON.stringify({ ...item, name: undefined });

/**
 * Whether every index, unique, check and foreign key of `live` is one the entities ask for
 * by name: `splitUnmanaged` then keeps them all whatever the revisions built, so the
 * replay it needs can be skipped (a database that is what the entities describe).
 */
export function allWantedByName(live: readonly TableModel[], target: SchemaModel): boolean {
  const targetTables = new Map(target.tables.map((t) => [t.name, t]));
  return live.every((table) => {
    const wanted = targetTables.get(table.name);
    return PARTS.every(([part]) => {
      const names = new Set((wanted?.[part] as readonly Named[] | undefined)?.map((w) => w.name));
      return (table[part] as readonly Named[]).every((item) => names.has(item.name));
    });
  });
}

/**
 * An index, unique, check or foreign key on a table the revisions created is strata's
 * only if replaying the revisions on the scratch database created it too (by name, or
 * by definition for the names a database picks itself), or if the entities ask for it.
 * Anything else (a DBA's partial index, an inline CHECK added by hand) is left out of
 * the diff, so it is never dropped, and listed. Tables the replay does not have (a
 * database being adopted, the first revision) are taken as they are.
 */
export function splitUnmanaged(live: readonly TableModel[], replayed: SchemaModel, target: SchemaModel): SplitTables {
  const unmanaged: string[] = [];
  const replayedTables = new Map(replayed.tables.map((t) => [t.name, t]));
  const targetTables = new Map(target.tables.map((t) => [t.name, t]));
  const tables = live.map((table) => {
    const created = replayedTables.get(table.name);
    if (!created) return table;
    const wanted = targetTables.get(table.name);
    const kept: Partial<Record<Part, Named[]>> = {};
    for (const [part, noun] of PARTS) {
      const own = (item: Named) =>
        (created[part] as readonly Named[]).some((c) => c.name === item.name || definition(c) === definition(item)) ||
        (wanted?.[part] as readonly Named[] | undefined)?.some((w) => w.name === item.name);
      kept[part] = (table[part] as readonly Named[]).filter((item) => {
        if (own(item)) return true;
        unmanaged.push(`${noun} ${item.name} on ${table.name}`);
        return false;
      });
    }
    return { ...table, ...kept } as TableModel;
  });
  return { tables, unmanaged };
}
