import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import type { CheckModel, ForeignKeyModel, UniqueModel } from "../../schema/model";
import { isWord, tokenizeSql } from "../../schema/tokenize-sql";
import { type ClauseKind, readColumnDefinition } from "./column-clauses";
import {
  type ColumnDefinition,
  constraintFacts,
  type ConstraintDefinition,
  sameName,
  type TableDefinition,
} from "./table-definition";

/*
 * Edits of a table's definition for rebuildTable: each returns a new definition, and
 * refuses (rather than guesses) when the thing to change is not where it should be.
 */

type Edit = (definition: TableDefinition) => TableDefinition;

const quoteList = (names: readonly string[]) => names.map(quoteIdentifier).join(", ");
const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => sameName(n, b[i]!));

function findColumn(definition: TableDefinition, table: string, column: string): ColumnDefinition {
  const found = definition.columns.find((c) => sameName(c.name, column));
  if (!found) throw new StrataError(`Table "${table}" has no column "${column}".`);
  return found;
}

function withoutClauses(columnSql: string, kinds: readonly ClauseKind[], where: (sql: string) => boolean = () => true): string {
  const parsed = readColumnDefinition(columnSql);
  const kept = parsed.clauses.filter((c) => !(kinds.includes(c.kind) && where(c.sql)));
  return [parsed.nameSql, parsed.typeSql, ...kept.map((c) => c.sql)].filter(Boolean).join(" ");
}

const constraint = (sql: string): ConstraintDefinition => ({ sql, facts: constraintFacts(sql) });

export const addColumnDefinition = (sql: string, name: string): Edit => (d) => ({
  ...d,
  columns: [...d.columns, { name, sql }],
});

export const dropColumnDefinition = (table: string, column: string): Edit => (d) => {
  findColumn(d, table, column);
  return { ...d, columns: d.columns.filter((c) => !sameName(c.name, column)) };
};

export const replaceColumnDefinition = (table: string, column: string, redefine: (oldSql: string) => string): Edit => (d) => {
  const old = findColumn(d, table, column);
  return { ...d, columns: d.columns.map((c) => (c === old ? { name: c.name, sql: redefine(c.sql) } : c)) };
};

export const setPrimaryKey = (columns: readonly string[]): Edit => (d) => ({
  ...d,
  columns: d.columns.map((c) => ({ name: c.name, sql: withoutClauses(c.sql, ["primary"]) })),
  constraints: [
    ...d.constraints.filter((c) => c.facts.kind !== "primary"),
    ...(columns.length > 0 ? [constraint(`PRIMARY KEY (${quoteList(columns)})`)] : []),
  ],
});

export const addForeignKeyDefinition = (fk: ForeignKeyModel): Edit => (d) => ({
  ...d,
  constraints: [
    ...d.constraints,
    constraint(
      `CONSTRAINT ${quoteIdentifier(fk.name)} FOREIGN KEY (${quoteList(fk.columns)}) ` +
        `REFERENCES ${quoteIdentifier(fk.referencedTable)} (${quoteList(fk.referencedColumns)}) ` +
        `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}` +
        // As TypeORM's createTable writes it.
        (fk.deferrable ? ` DEFERRABLE ${fk.deferrable}` : ""),
    ),
  ],
});

export const addUniqueDefinition = (unique: UniqueModel): Edit => (d) => ({
  ...d,
  constraints: [...d.constraints, constraint(`CONSTRAINT ${quoteIdentifier(unique.name)} UNIQUE (${quoteList(unique.columns)})`)],
});

export const addCheckDefinition = (check: CheckModel): Edit => (d) => ({
  ...d,
  constraints: [...d.constraints, constraint(`CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`)],
});

interface ConstraintMatch {
  readonly kind: "foreign" | "unique" | "check";
  readonly name: string;
  /** The same constraint under another name (or none): TypeORM and SQLite name them differently. */
  readonly sameShape: (c: ConstraintDefinition) => boolean;
  /** A single-column constraint may be written on the column itself instead. */
  readonly inline?: { readonly column: string; readonly clause: ClauseKind; readonly where?: (sql: string) => boolean };
}

function dropConstraint(table: string, match: ConstraintMatch): Edit {
  return (d) => {
    const candidates = d.constraints.filter((c) => c.facts.kind === match.kind);
    const found =
      candidates.find((c) => c.facts.name !== undefined && sameName(c.facts.name, match.name)) ??
      candidates.find(match.sameShape);
    if (found) return { ...d, constraints: d.constraints.filter((c) => c !== found) };
    const inline = match.inline;
    const column = inline && d.columns.find((c) => sameName(c.name, inline.column));
    const clauses = column ? readColumnDefinition(column.sql).clauses : [];
    if (inline && column && clauses.some((c) => c.kind === inline.clause && (inline.where?.(c.sql) ?? true))) {
      const sql = withoutClauses(column.sql, [inline.clause], inline.where);
      return { ...d, columns: d.columns.map((c) => (c === column ? { name: c.name, sql } : c)) };
    }
    throw new StrataError(`Table "${table}" has no ${match.kind === "foreign" ? "foreign key" : match.kind} constraint "${match.name}" to drop.`);
  };
}

export const dropForeignKeyDefinition = (table: string, fk: ForeignKeyModel): Edit =>
  dropConstraint(table, {
    kind: "foreign",
    name: fk.name,
    sameShape: (c) => sameNames(c.facts.columns, fk.columns) && sameName(c.facts.referencedTable ?? "", fk.referencedTable),
    inline:
      fk.columns.length === 1
        ? { column: fk.columns[0]!, clause: "references", where: (sql) => referencesTable(sql, fk.referencedTable) }
        : undefined,
  });

export const dropUniqueDefinition = (table: string, unique: UniqueModel): Edit =>
  dropConstraint(table, {
    kind: "unique",
    name: unique.name,
    sameShape: (c) => sameNames(c.facts.columns, unique.columns),
    inline: unique.columns.length === 1 ? { column: unique.columns[0]!, clause: "unique" } : undefined,
  });

/** Whether a REFERENCES clause names `table`. */
function referencesTable(clauseSql: string, table: string): boolean {
  const tokens = tokenizeSql(clauseSql, { bracketIdentifiers: true });
  const target = tokens[tokens.findIndex((t) => isWord(t, "REFERENCES")) + 1];
  return target !== undefined && sameName(target.kind === "identifier" ? target.value : target.text, table);
}

const squash = (sql: string) => sql.replace(/\s+/g, " ").trim().toLowerCase();

export const dropCheckDefinition = (table: string, check: CheckModel): Edit =>
  dropConstraint(table, {
    kind: "check",
    name: check.name,
    sameShape: (c) => squash(c.facts.expression ?? "") === squash(check.expression),
  });

/** Whether the table has a unique, foreign key or check constraint without a name, which SQLite reports under a name derived from the table's. */
const hasUnnamedConstraint = (d: TableDefinition) =>
  d.constraints.some((c) => c.facts.kind !== "primary" && c.facts.name === undefined) ||
  d.columns.some((c) => readColumnDefinition(c.sql).clauses.some((k) => ["unique", "check", "references"].includes(k.kind) && !isWord(tokenizeSql(k.sql)[0], "CONSTRAINT")));

/**
 * Renames the table constraint named `from` (a unique, foreign key or check written
 * `CONSTRAINT name …`). One without a name has none to rename: strata and TypeORM both
 * read it under the name derived from the table's, which a rename of the table moves.
 */
export const renameConstraintDefinition = (table: string, from: string, to: string): Edit => (d) => {
  const found = d.constraints.find((c) => c.facts.name !== undefined && sameName(c.facts.name, from));
  const name = found && tokenizeSql(found.sql, { bracketIdentifiers: true })[1];
  if ((!found || !name) && hasUnnamedConstraint(d)) return d;
  if (!found || !name) throw new StrataError(`Table "${table}" has no constraint "${from}" to rename.`);
  const sql = `${found.sql.slice(0, name.start)}${quoteIdentifier(to)}${found.sql.slice(name.end)}`;
  return { ...d, constraints: d.constraints.map((c) => (c === found ? constraint(sql) : c)) };
};
