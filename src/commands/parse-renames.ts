import type { Renames } from "../diff";
import { UsageError } from "../errors";

/** `--rename table.old:new` and `--rename-table old:new` into the diff's renames. */
export function parseRenames(columns: readonly string[], tables: readonly string[]): Renames {
  const tableRenames: Record<string, string> = {};
  for (const spec of tables) {
    const match = /^([^:.]+):([^:.]+)$/.exec(spec);
    if (!match) throw new UsageError(`--rename-table ${spec}: write it as old:new.`);
    tableRenames[match[1]!] = match[2]!;
  }
  const columnRenames: Record<string, Record<string, string>> = {};
  for (const spec of columns) {
    const match = /^([^:.]+)\.([^:.]+):([^:.]+)$/.exec(spec);
    if (!match) throw new UsageError(`--rename ${spec}: write it as table.old:new.`);
    (columnRenames[match[1]!] ??= {})[match[2]!] = match[3]!;
  }
  return { tables: tableRenames, columns: columnRenames };
}
