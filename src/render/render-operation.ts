import type { TableAlterations } from "../operations/apply/table-alterations";
import { columnSpec } from "../operations/column-spec";
import { createTableOptions } from "../operations/create-table-options";
import type { Operation, OperationHandlers } from "../operations/operation";
import type { TableChangeKind, TableChangeOf } from "../operations/table-change";
import { indexOptions, tableChangeOf } from "../operations/table-change-of";
import type { TableModel } from "../schema/model";
import { renderValue } from "./render-value";
import { importedName, typescriptWidth } from "./revision-header";

/** Names a rendered statement needs imported, by module. */
export interface Imports {
  readonly typeorm: Set<string>;
  readonly strata: Set<string>;
}

/** Renders one statement (which may span lines) at `indent`, recording what it imports. */
export type StatementRenderer = (imports: Imports, indent: string) => string;

/** `name` of `module` where the code uses it, recorded as an import (see importedName). */
export function imported(imports: Imports, module: keyof Imports, name: string, use: "call" | "new"): string {
  imports[module].add(name);
  return importedName(module, name, use);
}

/** `await fn(queryRunner, ...args);` for one of strata's operations. */
const strataCall =
  (fn: string, ...args: unknown[]): StatementRenderer =>
  (imports, indent) => call(`await ${imported(imports, "strata", fn, "call")}`, [{ code: "queryRunner" }, ...args], indent);

/** Already rendered code, passed through `call` untouched. */
interface Code {
  readonly code: string;
}
const isCode = (arg: unknown): arg is Code => typeof arg === "object" && arg !== null && "code" in arg;
const isPlain = (arg: unknown) => isCode(arg) || arg === null || typeof arg !== "object";

/**
 * A call on one line when it fits; else with its one object argument (the last) spread
 * over lines; else one argument per line (alterColumn's from and to, one above the other).
 */
function call(callee: string, args: readonly unknown[], indent: string): string {
  const render = (arg: unknown, at: string, from: number) => (isCode(arg) ? arg.code : renderValue(arg, at, from));
  const flat = `${callee}(${args.map((a) => render(a, indent, 0)).join(", ")});`;
  if (!flat.includes("\n") && indent.length + typescriptWidth(flat) <= 100) return flat;
  if (args.slice(0, -1).every(isPlain)) {
    const head = `${callee}(${args.slice(0, -1).map((a) => `${render(a, indent, 0)}, `).join("")}`;
    return `${head}${render(args[args.length - 1], indent, indent.length + typescriptWidth(head))});`;
  }
  return `${callee}(\n${args.map((a) => `${indent}  ${render(a, indent + "  ", indent.length + 2)},`).join("\n")}\n${indent});`;
}

/** TypeORM's createTable, with each column's type resolved for the running database (tableColumns). */
function renderCreateTable(table: TableModel): StatementRenderer {
  return (imports, indent) => {
    const inner = indent + "    ";
    const { name, columns, ...lists } = createTableOptions(table);
    return [
      `await queryRunner.createTable(`,
      `${indent}  new ${imported(imports, "typeorm", "Table", "new")}({`,
      `${inner}name: ${JSON.stringify(name)},`,
      `${inner}columns: ${imported(imports, "strata", "tableColumns", "call")}(queryRunner, [`,
      // One column a line, as the data it is: a fifth less for TypeScript to compile in a large first revision.
      ...columns.map((spec) => `${inner}  ${renderValue(spec, inner + "  ")},`),
      `${inner}]),`,
      ...Object.entries(lists).map(([key, items]) => `${inner}${key}: ${renderValue(items, inner)},`),
      `${indent}  }),`,
      `${indent});`,
    ].join("\n");
  };
}

/**
 * One renderer per operation kind (a new kind fails to compile until it has one).
 * TypeORM's API where it is safe on both databases; strata's operations elsewhere
 * (see operations/apply).
 */
export const RENDER: OperationHandlers<StatementRenderer> = {
  createTable: (op) => renderCreateTable(op.table),
  dropTable: (op) => () => `await queryRunner.dropTable(${JSON.stringify(op.table.name)});`,
  renameTable: (op) => strataCall("renameTable", op.from, op.to),
  alterPrimaryKey: (op) => strataCall("alterPrimaryKey", op.table, op.to),
  addColumn: (op) => strataCall("addColumn", op.table, columnSpec(op.column)),
  dropColumn: (op) => strataCall("dropColumn", op.table, op.column.name),
  alterColumn: (op) => strataCall("alterColumn", op.table, columnSpec(op.from), columnSpec(op.to)),
  renameColumn: (op) => strataCall("renameColumn", op.table, op.from, op.to),
  createIndex: (op) => (imports, indent) => {
    const head = `await queryRunner.createIndex(${JSON.stringify(op.table)}, new ${imported(imports, "typeorm", "TableIndex", "new")}(`;
    return `${head}${renderValue(indexOptions(op.index), indent, indent.length + typescriptWidth(head) + 1)}));`;
  },
  dropIndex: (op) => () => `await queryRunner.dropIndex(${JSON.stringify(op.table)}, ${JSON.stringify(op.index.name)});`,
  renameIndex: (op) => strataCall("renameIndex", op.table, op.from, op.to),
  addUnique: (op) => strataCall("addUnique", op.table, op.unique),
  dropUnique: (op) => strataCall("dropUnique", op.table, op.unique),
  addForeignKey: (op) => strataCall("addForeignKey", op.table, op.foreignKey),
  dropForeignKey: (op) => strataCall("dropForeignKey", op.table, op.foreignKey),
  addCheck: (op) => strataCall("addCheck", op.table, op.check),
  dropCheck: (op) => strataCall("dropCheck", op.table, op.check),
  renameConstraint: (op) => strataCall("renameConstraint", op.table, op.from, op.to),
  createEnum: (op) => strataCall("createEnum", op.enum),
  dropEnum: (op) => strataCall("dropEnum", op.enum.name),
  alterEnum: (op) => strataCall("alterEnum", op.name, op.from, op.to),
  // What it reads is the catalog's business, not the file's.
  createView: ({ view: { tables, ...view } }) => strataCall("createView", view),
  dropView: (op) => strataCall("dropView", op.view.name),
};

/** An operation as one call on the `t` of an alterTable callback, with the table it changes. */
export interface BatchedChange {
  readonly table: string;
  readonly render: StatementRenderer;
}

/** The arguments of `t.<kind>(…)` for each kind of change, checked against the callback's methods. */
const ARGUMENTS: { readonly [K in TableChangeKind]: (change: TableChangeOf<K>) => Parameters<TableAlterations[K]> } = {
  addColumn: (c) => [c.column],
  dropColumn: (c) => [c.column],
  alterColumn: (c) => [c.from, c.to],
  renameColumn: (c) => [c.from, c.to],
  alterPrimaryKey: (c) => [c.columns],
  createIndex: (c) => [c.index],
  dropIndex: (c) => [c.name],
  renameIndex: (c) => [c.from, c.to],
  addUnique: (c) => [c.unique],
  dropUnique: (c) => [c.unique],
  addForeignKey: (c) => [c.foreignKey],
  dropForeignKey: (c) => [c.foreignKey],
  addCheck: (c) => [c.check],
  dropCheck: (c) => [c.check],
  renameConstraint: (c) => [c.from, c.to],
};

/**
 * How an operation reads inside `alterTable(queryRunner, table, (t) => { … })`, or
 * undefined when it cannot be in one (see tableChangeOf).
 */
export function inBatch(op: Operation): BatchedChange | undefined {
  const found = tableChangeOf(op);
  if (!found) return undefined;
  const { table, change } = found;
  const args = (ARGUMENTS[change.kind] as (c: typeof change) => readonly unknown[])(change);
  return { table, render: (_imports, indent) => call(`t.${change.kind}`, args, indent) };
}
