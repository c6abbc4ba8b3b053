import { StrataError } from "../../errors";
import { quoteIdentifier } from "../../config/identifier";
import { isWord, matchingClose, splitAtTopLevelCommas, tokenizeSql, type SqlToken } from "../../schema/tokenize-sql";
import { parseCreateTable, type ParsedTableConstraint } from "./parse-create-table";

/**
 * A CREATE TABLE statement cut into its definitions, each kept as written, so that a
 * rebuild changes what it must and copies everything else (types, collations, CHECKs,
 * AUTOINCREMENT, constraint names) character for character.
 */
export interface ColumnDefinition {
  readonly name: string;
  readonly sql: string;
}

export interface ConstraintDefinition {
  readonly sql: string;
  /** What the constraint is, read by the same parser introspection uses. */
  readonly facts: ParsedTableConstraint;
}

export interface TableDefinition {
  readonly columns: readonly ColumnDefinition[];
  readonly constraints: readonly ConstraintDefinition[];
  /** What follows the closing parenthesis: `WITHOUT ROWID`, `STRICT`. */
  readonly options: string;
}

const TABLE_CONSTRAINT_STARTS = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

const nameOf = (token: SqlToken) => (token.kind === "identifier" ? token.value : token.text);
const textOf = (sql: string, tokens: readonly SqlToken[]) => sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);

/** The facts of one table constraint, from the parser introspection uses. */
export function constraintFacts(sql: string): ParsedTableConstraint {
  const facts = parseCreateTable(`CREATE TABLE t (${sql})`).constraints[0];
  if (!facts) throw new StrataError(`Cannot read the table constraint \`${sql}\`.`);
  return facts;
}

export function readTableDefinition(table: string, createSql: string): TableDefinition {
  const tokens = tokenizeSql(createSql, { bracketIdentifiers: true });
  const open = tokens.findIndex((token) => token.kind === "open");
  if (open < 0 || tokens.slice(0, open).some((token) => isWord(token, "AS"))) {
    throw new StrataError(`Cannot rebuild table "${table}": its CREATE TABLE has no column list to edit.`);
  }
  const close = matchingClose(tokens, open);
  const columns: ColumnDefinition[] = [];
  const constraints: ConstraintDefinition[] = [];
  for (const item of splitAtTopLevelCommas(tokens.slice(open + 1, close))) {
    const sql = textOf(createSql, item);
    if (TABLE_CONSTRAINT_STARTS.some((keyword) => isWord(item[0], keyword))) constraints.push({ sql, facts: constraintFacts(sql) });
    else columns.push({ name: nameOf(item[0]!), sql });
  }
  return { columns, constraints, options: createSql.slice(tokens[close]!.end).trim() };
}

export function printTableDefinition(table: string, definition: TableDefinition): string {
  const items = [...definition.columns, ...definition.constraints].map((d) => `  ${d.sql}`);
  const options = definition.options ? ` ${definition.options}` : "";
  return `CREATE TABLE ${quoteIdentifier(table)} (\n${items.join(",\n")}\n)${options}`;
}

/** SQLite compares names without regard to ASCII case. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
