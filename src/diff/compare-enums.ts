import { type AlterEnumOperation, alterEnum, type CreateEnumOperation, createEnum, type DropEnumOperation, dropEnum } from "../operations";
import { byName } from "../schema/by-name";
import type { SchemaModel } from "../schema/model";
import { sameList } from "./match-by-name";

export interface EnumDiff {
  readonly created: readonly CreateEnumOperation[];
  readonly altered: readonly AlterEnumOperation[];
  readonly dropped: readonly DropEnumOperation[];
}

/**
 * Whether the alterColumn of each column using enum `name` changes the type's values
 * itself (PostgreSQL sets the type's values when it alters the column, SQLite rewrites
 * the CHECK), so that an alterEnum would be a second operation for one change: true when
 * every column using it before is still there, on the same enum, after.
 */
function changedByItsColumns(name: string, from: SchemaModel, to: SchemaModel): boolean {
  const users = from.tables.flatMap((t) => t.columns.filter((c) => c.enumName === name).map((c) => ({ table: t.name, column: c.name })));
  return (
    users.length > 0 &&
    users.every(({ table, column }) => to.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.enumName === name)
  );
}

/** The enum types to create, alter and drop; a change its columns' alterColumn makes anyway is left to them. */
export function compareEnums(fromSchema: SchemaModel, toSchema: SchemaModel): EnumDiff {
  const [from, to] = [fromSchema.enums, toSchema.enums];
  const before = new Map(from.map((e) => [e.name, e]));
  const afterNames = new Set(to.map((e) => e.name));
  const sortedTo = [...to].sort(byName);
  return {
    created: sortedTo.filter((e) => !before.has(e.name)).map(createEnum),
    altered: sortedTo.flatMap((e) => {
      const old = before.get(e.name);
      if (!old || sameList(old.values, e.values) || changedByItsColumns(e.name, fromSchema, toSchema)) return [];
      return [alterEnum(e.name, old.values, e.values)];
    }),
    dropped: [...from].sort(byName).filter((e) => !afterNames.has(e.name)).map(dropEnum),
  };
}
