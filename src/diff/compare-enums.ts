import { type AlterEnumOperation, alterEnum, type CreateEnumOperation, createEnum, type DropEnumOperation, dropEnum } from "../operations";
import type { EnumModel } from "../schema/model";
import { sameList } from "./match-by-name";

export interface EnumDiff {
  readonly created: readonly CreateEnumOperation[];
  readonly altered: readonly AlterEnumOperation[];
  readonly dropped: readonly DropEnumOperation[];
}

const byName = (a: EnumModel, b: EnumModel) => a.name.localeCompare(b.name);

export function compareEnums(from: readonly EnumModel[], to: readonly EnumModel[]): EnumDiff {
  const before = new Map(from.map((e) => [e.name, e]));
  const afterNames = new Set(to.map((e) => e.name));
  const sortedTo = [...to].sort(byName);
  return {
    created: sortedTo.filter((e) => !before.has(e.name)).map(createEnum),
    altered: sortedTo.flatMap((e) => {
      const old = before.get(e.name);
      return old && !sameList(old.values, e.values) ? [alterEnum(e.name, old.values, e.values)] : [];
    }),
    dropped: [...from].sort(byName).filter((e) => !afterNames.has(e.name)).map(dropEnum),
  };
}
