import type { Deferrable } from "../../schema/model";
import { isWord, matchingClose, splitAtTopLevelCommas, tokenizeSql, type SqlToken } from "../../schema/tokenize-sql";

/**
 * What SQLite's PRAGMAs do not tell about a table and only its CREATE TABLE text does:
 * constraint names, CHECK expressions, collations, AUTOINCREMENT.
 */
export interface ParsedCheck {
  readonly name?: string;
  readonly expression: string;
}

export interface ParsedColumn {
  readonly name: string;
  readonly autoincrement: boolean;
  readonly collation?: string;
  /** Column-level CHECKs (TypeORM writes a simple-enum's allowed values as one). */
  readonly checks: readonly ParsedCheck[];
  /** Name given to a column-level UNIQUE, if any. */
  readonly uniqueName?: string;
  /** Name given to a column-level REFERENCES, if any. */
  readonly referencesName?: string;
  /** Whether that REFERENCES is deferrable, and when it is checked. */
  readonly referencesDeferrable?: Deferrable;
  /** A generated column's `AS (…)` expression, and whether it is STORED (VIRTUAL when not said). */
  readonly asExpression?: string;
  readonly stored?: boolean;
}

export interface ParsedTableConstraint {
  readonly name?: string;
  readonly kind: "primary" | "unique" | "check" | "foreign";
  readonly columns: readonly string[];
  readonly expression?: string;
  readonly referencedTable?: string;
  /** For `foreign`: whether it is deferrable, and when it is checked. */
  readonly deferrable?: Deferrable;
}

export interface ParsedCreateTable {
  readonly columns: readonly ParsedColumn[];
  readonly constraints: readonly ParsedTableConstraint[];
}

const TABLE_CONSTRAINT_STARTS = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];
/** Words that start a column constraint, ending the name a CONSTRAINT clause gave. */
const COLUMN_CONSTRAINT_STARTS = new Set(["PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"]);

function nameOf(token: SqlToken | undefined): string {
  if (!token) return "";
  return token.kind === "identifier" || token.kind === "string" ? token.value : token.text;
}

/** The names listed in the parenthesised group opening at `open`: `("a", "b" DESC)` → a, b. */
function groupNames(tokens: readonly SqlToken[], open: number): string[] {
  const close = matchingClose(tokens, open);
  return splitAtTopLevelCommas(tokens.slice(open + 1, close)).map((part) => nameOf(part[0]));
}

function groupText(sql: string, tokens: readonly SqlToken[], open: number): string {
  const close = matchingClose(tokens, open);
  return sql.slice(tokens[open]!.end, tokens[close]!.start).trim();
}

/**
 * The deferrability of the foreign key clause whose REFERENCES is at `at`, in the words
 * of TypeORM's `deferrable` (and PostgreSQL's catalog): `DEFERRABLE` alone is INITIALLY
 * IMMEDIATE; `NOT DEFERRABLE`, whatever follows it, is none (SQLite checks it at once).
 */
function deferrableAfter(tokens: readonly SqlToken[], at: number): Deferrable | undefined {
  let i = tokens[at + 2]?.kind === "open" ? matchingClose(tokens, at + 2) + 1 : at + 2;
  // ON DELETE|UPDATE <action> and MATCH <name>, in any order, come before it.
  while (isWord(tokens[i], "ON") || isWord(tokens[i], "MATCH")) {
    i += isWord(tokens[i], "MATCH") ? 2 : isWord(tokens[i + 2], "SET") || isWord(tokens[i + 2], "NO") ? 4 : 3;
  }
  if (!isWord(tokens[i], "DEFERRABLE")) return undefined;
  return isWord(tokens[i + 1], "INITIALLY") && isWord(tokens[i + 2], "DEFERRED") ? "INITIALLY DEFERRED" : "INITIALLY IMMEDIATE";
}

function parseTableConstraint(sql: string, item: readonly SqlToken[]): ParsedTableConstraint | undefined {
  let i = 0;
  let name: string | undefined;
  if (isWord(item[0], "CONSTRAINT")) {
    name = nameOf(item[1]);
    i = 2;
  }
  const openAfter = (from: number) => item.findIndex((token, index) => index >= from && token.kind === "open");
  if (isWord(item[i], "PRIMARY")) return { name, kind: "primary", columns: groupNames(item, openAfter(i)) };
  if (isWord(item[i], "UNIQUE")) return { name, kind: "unique", columns: groupNames(item, openAfter(i)) };
  if (isWord(item[i], "CHECK")) return { name, kind: "check", columns: [], expression: groupText(sql, item, openAfter(i)) };
  if (isWord(item[i], "FOREIGN")) {
    const open = openAfter(i);
    const references = item.findIndex((token) => isWord(token, "REFERENCES"));
    const deferrable = deferrableAfter(item, references);
    return { name, kind: "foreign", columns: groupNames(item, open), referencedTable: nameOf(item[references + 1]), deferrable };
  }
  return undefined;
}

function parseColumn(sql: string, item: readonly SqlToken[]): ParsedColumn {
  let pendingName: string | undefined;
  let autoincrement = false;
  let collation: string | undefined;
  let uniqueName: string | undefined;
  let referencesName: string | undefined;
  let referencesDeferrable: Deferrable | undefined;
  let asExpression: string | undefined;
  let stored: boolean | undefined;
  const checks: ParsedCheck[] = [];
  for (let i = 1; i < item.length; i++) {
    const token = item[i]!;
    const word = token.kind === "word" ? token.text.toUpperCase() : "";
    if (word === "AS" && item[i + 1]?.kind === "open") {
      asExpression = groupText(sql, item, i + 1);
      i = matchingClose(item, i + 1);
      stored = isWord(item[i + 1], "STORED");
      continue;
    }
    if (token.kind === "open") {
      // A type's arguments, a DEFAULT or GENERATED expression: nothing to read inside.
      i = matchingClose(item, i);
      continue;
    }
    if (word === "CONSTRAINT") {
      pendingName = nameOf(item[++i]);
      continue;
    }
    if (word === "AUTOINCREMENT") autoincrement = true;
    if (word === "COLLATE") collation = nameOf(item[++i]);
    if (word === "UNIQUE") uniqueName = pendingName;
    if (word === "REFERENCES") {
      referencesName = pendingName;
      referencesDeferrable = deferrableAfter(item, i);
    }
    if (word === "CHECK" && item[i + 1]?.kind === "open") {
      checks.push({ name: pendingName, expression: groupText(sql, item, i + 1) });
      i = matchingClose(item, i + 1);
    }
    if (word === "DEFAULT" && item[i + 1]?.kind !== "open") i++; // a literal default may look like a keyword
    if (COLUMN_CONSTRAINT_STARTS.has(word) && word !== "NOT") pendingName = undefined;
  }
  return { name: nameOf(item[0]), autoincrement, collation, checks, uniqueName, referencesName, referencesDeferrable, asExpression, stored };
}

export function parseCreateTable(sql: string): ParsedCreateTable {
  const tokens = tokenizeSql(sql, { bracketIdentifiers: true });
  const open = tokens.findIndex((token) => token.kind === "open");
  if (open < 0) return { columns: [], constraints: [] };
  const body = tokens.slice(open + 1, matchingClose(tokens, open));
  const columns: ParsedColumn[] = [];
  const constraints: ParsedTableConstraint[] = [];
  for (const item of splitAtTopLevelCommas(body)) {
    if (TABLE_CONSTRAINT_STARTS.some((keyword) => isWord(item[0], keyword))) {
      const constraint = parseTableConstraint(sql, item);
      if (constraint) constraints.push(constraint);
    } else {
      columns.push(parseColumn(sql, item));
    }
  }
  return { columns, constraints };
}
