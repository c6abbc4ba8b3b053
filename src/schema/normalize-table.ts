import { normalizeSqlExpression, type ExpressionRules } from "./normalize-sql-expression";
import { byName } from "./by-name";
import { compact } from "./compact";
import type { ColumnModel, Deferrable, ReferentialAction, TableModel } from "./model";

/** What a dialect decides when normalising; the rest (ordering, spelling of absent values) is shared. */
export interface DialectRules {
  column(table: TableModel, column: ColumnModel): ColumnModel;
  /** A CHECK expression or an index's WHERE clause. */
  expression(text: string): string;
}

const ACTIONS: readonly ReferentialAction[] = ["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"];
const DEFERRABLE: readonly Deferrable[] = ["INITIALLY DEFERRED", "INITIALLY IMMEDIATE"];

/** `value` as one of `words` (upper case, single spaces), or undefined when it is none of them. */
function spelledAs<T extends string>(words: readonly T[], value: string | undefined): T | undefined {
  const upper = (value ?? "").trim().toUpperCase().replace(/\s+/g, " ") as T;
  return words.includes(upper) ? upper : undefined;
}

const action = (value: string | undefined): ReferentialAction => spelledAs(ACTIONS, value) ?? "NO ACTION";

/**
 * Columns keep table order (the order a created table gets); indexes, constraints and
 * checks are sorted by name, which is how they are matched.
 */
function normalizeTable(table: TableModel, rules: DialectRules): TableModel {
  return {
    name: table.name,
    columns: table.columns.map((column) => compact(rules.column(table, column))),
    primaryKey: [...table.primaryKey],
    indexes: table.indexes
      .map((index) =>
        compact({
          ...index,
          // A key that is not a column is an expression (`lower(name)`), spelled like any other.
          columns: index.columns.map((key) => (table.columns.some((c) => c.name === key) ? key : rules.expression(key))),
          where: index.where ? rules.expression(index.where) : undefined,
        }),
      )
      .sort(byName),
    uniques: table.uniques.map((unique) => ({ ...unique })).sort(byName),
    foreignKeys: table.foreignKeys
      .map((fk) =>
        compact({ ...fk, onDelete: action(fk.onDelete), onUpdate: action(fk.onUpdate), deferrable: spelledAs(DEFERRABLE, fk.deferrable) }),
      )
      .sort(byName),
    checks: table.checks.map((check) => ({ ...check, expression: rules.expression(check.expression) })).sort(byName),
  };
}

/** Every table normalised with one dialect's column and expression rules, sorted by name. */
export function normalizeTables(
  tables: readonly TableModel[],
  column: DialectRules["column"],
  expressionRules: ExpressionRules,
): TableModel[] {
  return tables
    .map((table) => normalizeTable(table, { column, expression: (text) => normalizeSqlExpression(text, expressionRules) }))
    .sort(byName);
}
