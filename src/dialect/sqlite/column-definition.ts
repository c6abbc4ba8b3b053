import type { Driver, TableColumnOptions } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { typeorm } from "../../loading/typeorm-module";
import type { ColumnSpec } from "../../operations/column-spec";
import { quoteLiteral } from "../quote-literal";
import { tokenizeSql } from "../../schema/tokenize-sql";
import { type ColumnClause, readColumnDefinition } from "./column-clauses";

/** A default SQLite accepts without parentheses (and so in ALTER TABLE ADD COLUMN). */
const isLiteralDefault = (expression: string) =>
  /^(?:[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|'(?:[^']|'')*'|NULL|TRUE|FALSE|X'[0-9A-Fa-f]*')$/i.test(expression.trim());

/**
 * ALTER TABLE ADD COLUMN's limits (https://sqlite.org/lang_altertable.html#altertabaddcol):
 * no key or generation, and a NOT NULL column needs a constant, non-NULL default.
 */
export function addsInPlace(column: Pick<ColumnSpec, "nullable" | "default" | "generated" | "primary" | "generatedType">): boolean {
  if (column.primary || column.generated !== undefined || column.generatedType === "STORED") return false;
  if (column.default === undefined) return column.nullable;
  return isLiteralDefault(column.default) && (column.nullable || !/^null$/i.test(column.default.trim()));
}

/** The CHECK TypeORM writes for a simple-enum on SQLite: `"column" IN ('a', 'b')`. */
function isEnumCheck(clause: ColumnClause, column: string): boolean {
  if (clause.kind !== "check" || clause.expression === undefined) return false;
  const [first, second] = tokenizeSql(clause.expression, { bracketIdentifiers: true });
  const names = first !== undefined && (first.kind === "identifier" ? first.value : first.text).toLowerCase() === column.toLowerCase();
  return names && second?.kind === "word" && second.text.toUpperCase() === "IN";
}

/**
 * The clauses strata writes from a spec; a rebuild keeps every other clause of the old
 * definition (the primary key, REFERENCES, UNIQUE, other CHECKs).
 */
function specClauses(column: TableColumnOptions): string[] {
  const name = quoteIdentifier(column.name);
  const clauses: string[] = [];
  if (column.enum) clauses.push(`CHECK (${name} IN (${column.enum.map(quoteLiteral).join(", ")}))`);
  if (column.collation) clauses.push(`COLLATE ${quoteIdentifier(column.collation)}`);
  if (!column.isNullable) clauses.push("NOT NULL");
  // A generated column has no default: its expression is its value.
  if (column.asExpression) clauses.push(`AS (${column.asExpression}) ${column.generatedType ?? "VIRTUAL"}`);
  else if (column.default !== undefined) {
    const value = String(column.default);
    clauses.push(isLiteralDefault(value) ? `DEFAULT ${value}` : `DEFAULT (${value})`);
  }
  return clauses;
}

const typeSql = (driver: Driver, column: TableColumnOptions) => driver.createFullType(new (typeorm().TableColumn)(column));

/** A new column's definition (ALTER TABLE ADD COLUMN, or a rebuild adding it). */
export function columnDefinitionSql(driver: Driver, column: TableColumnOptions): string {
  const primary = column.isPrimary
    ? [`PRIMARY KEY${column.isGenerated && column.generationStrategy === "increment" ? " AUTOINCREMENT" : ""}`]
    : [];
  return [quoteIdentifier(column.name), typeSql(driver, column), ...primary, ...specClauses(column)].join(" ");
}

/**
 * An existing column's definition changed to `column`: type, allowed values, collation,
 * nullability and default from the new spec; every other clause as it was written.
 */
export function redefineColumnSql(driver: Driver, oldSql: string, column: TableColumnOptions): string {
  const old = readColumnDefinition(oldSql);
  const replaced = new Set(["null", "notNull", "default", "collate", "generated"]);
  const increment = column.isGenerated && column.generationStrategy === "increment";
  const kept = old.clauses
    .filter((clause) => !replaced.has(clause.kind) && !isEnumCheck(clause, column.name))
    .map((clause) => {
      if (clause.kind !== "primary") return clause.sql;
      const bare = clause.sql.replace(/\s+AUTOINCREMENT\b/i, "");
      return increment ? `${bare} AUTOINCREMENT` : bare;
    });
  return [quoteIdentifier(column.name), typeSql(driver, column), ...kept, ...specClauses(column)].join(" ");
}
