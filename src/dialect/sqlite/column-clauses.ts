import { StrataError } from "../../errors";
import { isWord, matchingClose, tokenizeSql } from "../../schema/tokenize-sql";

/** The kinds of column constraint in SQLite's grammar (https://sqlite.org/syntax/column-constraint.html). */
export type ClauseKind = "primary" | "notNull" | "null" | "unique" | "check" | "default" | "collate" | "references" | "generated";

export interface ColumnClause {
  readonly kind: ClauseKind;
  /** As written, including a leading `CONSTRAINT name`. */
  readonly sql: string;
  /** For `check`: the expression inside the parentheses. */
  readonly expression?: string;
}

export interface ParsedColumnDefinition {
  readonly nameSql: string;
  readonly typeSql: string;
  readonly clauses: readonly ColumnClause[];
}

const CLAUSE_STARTS: Readonly<Record<string, ClauseKind>> = {
  PRIMARY: "primary",
  NOT: "notNull",
  NULL: "null",
  UNIQUE: "unique",
  CHECK: "check",
  DEFAULT: "default",
  COLLATE: "collate",
  REFERENCES: "references",
  GENERATED: "generated",
  AS: "generated",
};

/** Reads one column definition clause by clause, so a rebuild can replace some and keep the rest. */
export function readColumnDefinition(sql: string): ParsedColumnDefinition {
  const tokens = tokenizeSql(sql, { bracketIdentifiers: true });
  const fail = (at: number): never => {
    throw new StrataError(`Cannot read the column definition \`${sql}\` near "${tokens[at]?.text ?? "the end"}".`);
  };
  const isStart = (i: number) => isWord(tokens[i], "CONSTRAINT") || (tokens[i]?.kind === "word" && tokens[i]!.text.toUpperCase() in CLAUSE_STARTS);
  const skipGroup = (i: number) => (tokens[i]?.kind === "open" ? matchingClose(tokens, i) + 1 : fail(i));
  const optional = (i: number, ...words: string[]) => (words.some((w) => isWord(tokens[i], w)) ? i + 1 : i);
  const onConflict = (i: number) => (isWord(tokens[i], "ON") && isWord(tokens[i + 1], "CONFLICT") ? i + 3 : i);
  const span = (from: number, to: number) => sql.slice(tokens[from]!.start, tokens[to - 1]!.end);

  // Each reader takes the index after the clause's first word and returns the index after the clause.
  const READ: Readonly<Record<ClauseKind, (i: number) => number>> = {
    primary: (i) => optional(onConflict(optional(i + 1, "ASC", "DESC")), "AUTOINCREMENT"),
    notNull: (i) => (isWord(tokens[i], "NULL") ? onConflict(i + 1) : fail(i)),
    null: (i) => i,
    unique: (i) => onConflict(i),
    check: (i) => skipGroup(i),
    default: (i) => (tokens[i]?.kind === "open" ? skipGroup(i) : tokens[i]?.text === "-" || tokens[i]?.text === "+" ? i + 2 : i + 1),
    collate: (i) => i + 1,
    references: (i) => {
      i = tokens[i + 1]?.kind === "open" ? skipGroup(i + 1) : i + 1;
      for (;;) {
        if (isWord(tokens[i], "ON")) i = isWord(tokens[i + 2], "SET") || isWord(tokens[i + 2], "NO") ? i + 4 : i + 3;
        else if (isWord(tokens[i], "MATCH")) i += 2;
        else if (isWord(tokens[i], "NOT") && isWord(tokens[i + 1], "DEFERRABLE")) i += 1;
        else if (isWord(tokens[i], "DEFERRABLE")) i = isWord(tokens[i + 1], "INITIALLY") ? i + 3 : i + 1;
        else return i;
      }
    },
    generated: (i) => {
      if (isWord(tokens[i - 1], "GENERATED")) i = isWord(tokens[i + 1], "AS") ? i + 2 : fail(i);
      return optional(skipGroup(i), "STORED", "VIRTUAL");
    },
  };

  let i = 1;
  while (i < tokens.length && !isStart(i)) i = tokens[i]!.kind === "open" ? matchingClose(tokens, i) + 1 : i + 1;
  const typeSql = i > 1 ? span(1, i) : "";
  const clauses: ColumnClause[] = [];
  while (i < tokens.length) {
    const start = i;
    if (isWord(tokens[i], "CONSTRAINT")) i += 2;
    const kind = CLAUSE_STARTS[tokens[i]?.kind === "word" ? tokens[i]!.text.toUpperCase() : ""] ?? fail(i);
    const end = READ[kind](i + 1);
    if (end > tokens.length) fail(tokens.length);
    const expression = kind === "check" ? sql.slice(tokens[i + 1]!.end, tokens[end - 1]!.start).trim() : undefined;
    clauses.push({ kind, sql: span(start, end), ...(expression === undefined ? {} : { expression }) });
    i = end;
  }
  return { nameSql: tokens[0] ? tokens[0].text : fail(0), typeSql, clauses };
}
