import type { getMetadataArgsStorage } from "typeorm";

type MetadataArgsStorage = ReturnType<typeof getMetadataArgsStorage>;
type Target = unknown;
interface TargetArgs {
  readonly target: Target;
  readonly propertyName?: string;
}

/** Where each target's entries sit in one of the storage's arrays, as of `length` entries. */
interface Positions {
  readonly length: number;
  readonly byTarget: Map<Target, number[]>;
}

const INDEXED = Symbol.for("strata.indexedMetadataArgs");
const positionsOf = new WeakMap<readonly TargetArgs[], Positions>();

/** The positions of `array`'s entries by target; decorators only ever append, so a new length means new entries. */
function positions(array: readonly TargetArgs[]): Positions {
  const known = positionsOf.get(array);
  if (known?.length === array.length) return known;
  const byTarget = new Map<Target, number[]>();
  for (let i = 0; i < array.length; i++) {
    const { target } = array[i];
    const list = byTarget.get(target);
    if (list) list.push(i);
    else byTarget.set(target, [i]);
  }
  const made = { length: array.length, byTarget };
  positionsOf.set(array, made);
  return made;
}

/** `array.filter(e => target holds e.target)` as TypeORM writes it (one target or a class and its parents), in the array's order. */
function entriesOf<T extends TargetArgs>(array: readonly T[], target: Target | readonly Target[]): T[] {
  const { byTarget } = positions(array);
  const at = Array.isArray(target) ? [...new Set(target)].flatMap((t) => byTarget.get(t) ?? []).sort((a, b) => a - b) : (byTarget.get(target) ?? []);
  return at.map((i) => array[i]);
}

/** The first entry of each property name, as TypeORM's filterByTargetAndWithoutDuplicateProperties keeps. */
function firstPerProperty<T extends TargetArgs>(entries: readonly T[]): T[] {
  const seen = new Set<string | undefined>();
  return entries.filter((entry) => !seen.has(entry.propertyName) && seen.add(entry.propertyName));
}

/**
 * TypeORM's filterByTargetAndWithoutDuplicateRelationProperties on the entries of a class
 * and its parents: the first entry per property name, its type taken from the entry of
 * the class nearest the entity (a subclass overriding a parent's relation).
 */
function relationsPerProperty<T extends TargetArgs & { type?: unknown }>(entries: readonly T[], target: Target | readonly Target[]): T[] {
  const kept: T[] = [];
  const at = new Map<string | undefined, number>();
  for (const entry of entries) {
    const existing = at.get(entry.propertyName);
    if (existing === undefined) {
      at.set(entry.propertyName, kept.length);
      kept.push(entry);
    } else if (Array.isArray(target) && target.indexOf(entry.target) < target.indexOf(kept[existing].target)) {
      const clone = Object.create(kept[existing]) as T & { type?: unknown };
      clone.type = entry.type;
      kept[existing] = clone;
    }
  }
  return kept;
}

/**
 * Gives TypeORM's MetadataArgsStorage an index by target for the lookups its metadata
 * build repeats per entity. TypeORM scans every decorator's entry of every entity for
 * each entity (filterColumns, filterRelations, filterIndices, findGenerated…): at 500
 * entities, millions of calls and a tenth of a cold `check`. Same results in the same
 * order. Set on the class's prototype, once per process: decorated entities use the
 * global storage, but EntitySchema entities get a new storage at every build.
 */
export function indexMetadataArgs(storage: MetadataArgsStorage): void {
  // Protected and generic in TypeORM's types: set as plain properties.
  const methods = Object.getPrototypeOf(storage) as { [INDEXED]?: true; [method: string]: unknown };
  if (methods[INDEXED]) return;
  methods[INDEXED] = true;
  methods.filterByTarget = (array: readonly TargetArgs[], target: Target) => entriesOf(array, target);
  methods.filterByTargetAndWithoutDuplicateProperties = (array: readonly TargetArgs[], target: Target) => firstPerProperty(entriesOf(array, target));
  methods.filterByTargetAndWithoutDuplicateRelationProperties = (array: readonly TargetArgs[], target: Target) =>
    relationsPerProperty(entriesOf(array, target), target);
  // Same bodies in every supported TypeORM: the entries of the storage's array for the target.
  methods.filterIndices = function (this: MetadataArgsStorage, target: Target) {
    return entriesOf(this.indices, target);
  };
  methods.filterUniques = function (this: MetadataArgsStorage, target: Target) {
    return entriesOf(this.uniques, target);
  };
  methods.findGenerated = function (this: MetadataArgsStorage, target: Target, propertyName: string) {
    return entriesOf(this.generations, target).find((generated) => generated.propertyName === propertyName);
  };
}
