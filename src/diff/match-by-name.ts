/** The result of pairing the named things of one table (indexes, constraints) across two models. */
export interface Matched<T> {
  /** Pairs that are the same thing, changed (same name, different definition). */
  readonly changed: readonly (readonly [T, T])[];
  /** Pairs that are the same definition under another name. */
  readonly renamed: readonly (readonly [T, T])[];
  readonly removed: readonly T[];
  readonly added: readonly T[];
}

/**
 * Pairs by name, then pairs what is left by definition (`renamed`). A name-only
 * difference is not a change in itself: TypeORM derives constraint names from table and
 * column names and SQLite names some constraints itself, and neither affects the schema
 * (see compareTable for when the names follow anyway).
 */
export function matchByName<T extends { readonly name: string }>(
  from: readonly T[],
  to: readonly T[],
  sameDefinition: (a: T, b: T) => boolean,
): Matched<T> {
  const changed: (readonly [T, T])[] = [];
  const renamed: (readonly [T, T])[] = [];
  const removed: T[] = [];
  const added = to.filter((t) => !from.some((f) => f.name === t.name));
  for (const f of from) {
    const namesake = to.find((t) => t.name === f.name);
    if (namesake) {
      if (!sameDefinition(f, namesake)) changed.push([f, namesake]);
      continue;
    }
    const twin = added.findIndex((t) => sameDefinition(f, t));
    if (twin === -1) removed.push(f);
    else renamed.push([f, added.splice(twin, 1)[0]!]);
  }
  return { changed, renamed, removed, added };
}

export const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);
