import { type Operation, subjectOf } from "../operations";
import type { SchemaModel } from "../schema/model";

/** The operations of one branch, and the tables of other branches they reference. */
export interface BranchChanges {
  readonly branch: string;
  readonly operations: readonly Operation[];
  /** Tables of other branches this branch's foreign keys point at. */
  readonly references: readonly string[];
}

export interface Owners {
  /** Table → branch: the metadata's ownership, then the creators of tables it no longer defines. */
  readonly ownerOf: (table: string) => string;
}

/** The table an enum belongs with: the first table (target, then database) whose column uses it. */
function enumTable(name: string, models: readonly SchemaModel[]): string | undefined {
  for (const model of models) {
    const table = model.tables.find((t) => t.columns.some((c) => c.enumName === name));
    if (table) return table.name;
  }
  return undefined;
}

function referencedTables(op: Operation): string[] {
  if (op.kind === "addForeignKey") return [op.foreignKey.referencedTable];
  if (op.kind === "createTable") return op.table.foreignKeys.map((fk) => fk.referencedTable);
  return [];
}

/**
 * Puts every operation on the branch that owns its table, keeping the diff's order
 * within each branch: a plugin never alters an app table, and vice versa.
 */
export function routeOperations(
  operations: readonly Operation[],
  owners: Owners,
  models: readonly SchemaModel[],
  fallbackBranch: string,
): BranchChanges[] {
  const byBranch = new Map<string, Operation[]>();
  for (const op of operations) {
    const subject = subjectOf(op);
    const table = subject.type === "enum" ? enumTable(subject.name, models) : subject.name;
    const branch = table ? owners.ownerOf(table) : fallbackBranch;
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), op]);
  }
  return [...byBranch].map(([branch, ops]) => ({
    branch,
    operations: ops,
    references: [...new Set(ops.flatMap(referencedTables))].filter((t) => owners.ownerOf(t) !== branch),
  }));
}
