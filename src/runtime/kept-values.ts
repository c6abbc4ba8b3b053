import { isWord, matchingClose, type SqlToken, splitAtTopLevelCommas, tokenizeSql } from "../schema/tokenize-sql";

/** The columns of each table: what a dry run reads before and after the steps. */
export type ColumnsByTable = ReadonlyMap<string, ReadonlySet<string>>;

export interface DroppedColumn {
  readonly table: string;
  readonly column: string;
}

export interface LostValues {
  /** Tables none of whose values are anywhere after the run. */
  readonly droppedTables: readonly string[];
  /** Columns of the other tables whose values are nowhere after the run. */
  readonly droppedColumns: readonly DroppedColumn[];
}

/** A column as it was before the run: `table\0column`. */
type Origin = string;

/**
 * Where each column's values are while the statements run: the places they were renamed,
 * moved or copied to, and nowhere once dropped. Statements it does not read leave the
 * places as they were, so a column that is gone afterwards counts as lost (as by name).
 */
class Places {
  private readonly tables = new Map<string, Map<string, Set<Origin>>>();

  constructor(before: ColumnsByTable) {
    for (const [table, columns] of before) {
      this.tables.set(table, new Map([...columns].map((column) => [column, new Set([`${table}\0${column}`])])));
    }
  }

  /** The table a statement names, as the model spells it: unquoted names fold to a known one; `schema.table` to its table. */
  resolve(path: readonly SqlToken[]): string {
    const parts = path.filter((t) => t.kind !== "operator").map((t) => t.value);
    const joined = parts.join(".");
    const known = [...this.tables.keys()];
    const folded = path.some((t) => t.kind === "word");
    for (const candidate of [joined, parts.at(-1)!]) {
      const found = known.find((name) => name === candidate) ?? (folded ? known.find((name) => name.toLowerCase() === candidate.toLowerCase()) : undefined);
      if (found) return found;
    }
    return parts.at(-1)!;
  }

  column(table: string, token: SqlToken): string {
    const columns = [...(this.tables.get(table)?.keys() ?? [])];
    return columns.find((c) => c === token.value) ?? (token.kind === "word" ? columns.find((c) => c.toLowerCase() === token.value.toLowerCase()) : undefined) ?? token.value;
  }

  has(table: string, column: string): boolean {
    return this.tables.get(table)?.has(column) ?? false;
  }

  dropTable(table: string): void {
    this.tables.delete(table);
  }

  dropColumn(table: string, column: string): void {
    this.tables.get(table)?.delete(column);
  }

  renameTable(from: string, to: string): void {
    const columns = this.tables.get(from);
    if (!columns) return;
    this.tables.delete(from);
    this.tables.set(to, columns);
  }

  renameColumn(table: string, from: string, to: string): void {
    const columns = this.tables.get(table);
    const origins = columns?.get(from);
    if (!columns || !origins) return;
    columns.delete(from);
    columns.set(to, origins);
  }

  /** `INSERT INTO to (…) SELECT … FROM from`: the target column holds the source column's values too. */
  copy(from: string, fromColumn: string, to: string, toColumn: string): void {
    const origins = this.tables.get(from)?.get(fromColumn);
    if (!origins) return;
    let target = this.tables.get(to);
    if (!target) this.tables.set(to, (target = new Map()));
    target.set(toColumn, new Set([...(target.get(toColumn) ?? []), ...origins]));
  }

  /** The origins whose values sit in a column that exists after the run. */
  kept(after: ColumnsByTable): Set<Origin> {
    const kept = new Set<Origin>();
    for (const [table, columns] of this.tables) {
      for (const [column, origins] of columns) if (after.get(table)?.has(column)) for (const origin of origins) kept.add(origin);
    }
    return kept;
  }
}

/** The tokens of a table path (`"t"`, `t`, `"s"."t"`) starting at `i`, and where it ends. */
function pathAt(tokens: readonly SqlToken[], i: number): { path: SqlToken[]; next: number } | undefined {
  const isName = (t: SqlToken | undefined) => t !== undefined && (t.kind === "identifier" || t.kind === "word");
  if (!isName(tokens[i])) return undefined;
  const path = [tokens[i]!];
  while (tokens[i + 1]?.text === "." && isName(tokens[i + 2])) {
    path.push(tokens[i + 1]!, tokens[i + 2]!);
    i += 2;
  }
  return { path, next: i + 1 };
}

/** Skips the words `words` (in order, each optional) at `i`. */
function skipWords(tokens: readonly SqlToken[], i: number, ...words: string[]): number {
  for (const word of words) if (isWord(tokens[i], word)) i++;
  return i;
}

/** `ALTER TABLE [IF EXISTS] [ONLY] t action, action …`: drops and renames of columns, a rename of the table. */
function alterTable(places: Places, tokens: readonly SqlToken[]): void {
  const at = pathAt(tokens, skipWords(tokens, 2, "IF", "EXISTS", "ONLY"));
  if (!at) return;
  let table = places.resolve(at.path);
  for (const action of splitAtTopLevelCommas(tokens.slice(at.next))) {
    if (isWord(action[0], "RENAME") && isWord(action[1], "TO") && action.length >= 3) {
      const to = places.resolve(action.slice(2));
      places.renameTable(table, to);
      table = to;
    } else if (isWord(action[0], "RENAME") && !isWord(action[1], "CONSTRAINT")) {
      const from = skipWords(action, 1, "COLUMN");
      if (isWord(action[from + 1], "TO") && action[from + 2]) places.renameColumn(table, places.column(table, action[from]!), places.column(table, action[from + 2]!));
    } else if (isWord(action[0], "DROP") && !isWord(action[1], "CONSTRAINT")) {
      const column = action[skipWords(action, 1, "COLUMN", "IF", "EXISTS")];
      if (column && (column.kind === "identifier" || column.kind === "word")) places.dropColumn(table, places.column(table, column));
    }
  }
}

/** `DROP TABLE [IF EXISTS] t, u …`. */
function dropTables(places: Places, tokens: readonly SqlToken[]): void {
  for (const part of splitAtTopLevelCommas(tokens.slice(skipWords(tokens, 2, "IF", "EXISTS")))) {
    const at = pathAt(part, 0);
    if (at) places.dropTable(places.resolve(at.path));
  }
}

/**
 * `INSERT INTO t (a, b) SELECT x, CAST(y AS …) FROM u` and nothing after (a table rebuild):
 * each target column gets the values of the one source column its expression reads.
 */
function insertSelect(places: Places, tokens: readonly SqlToken[]): void {
  const into = pathAt(tokens, 2);
  if (!into || tokens[into.next]?.kind !== "open") return;
  const close = matchingClose(tokens, into.next);
  if (!isWord(tokens[close + 1], "SELECT")) return;
  const from = tokens.findIndex((t, i) => i > close && isWord(t, "FROM"));
  const source = from === -1 ? undefined : pathAt(tokens, from + 1);
  if (!source || source.next !== tokens.length) return; // a WHERE, a join or a LIMIT may leave rows behind
  const fromTable = places.resolve(source.path);
  const toTable = places.resolve(into.path);
  const targets = splitAtTopLevelCommas(tokens.slice(into.next + 1, close));
  const expressions = splitAtTopLevelCommas(tokens.slice(close + 2, from));
  if (targets.length !== expressions.length) return;
  targets.forEach(([target], i) => {
    const read = new Set(
      expressions[i]!
        .filter((t) => t.kind === "identifier" || t.kind === "word")
        .map((t) => places.column(fromTable, t))
        .filter((column) => places.has(fromTable, column)),
    );
    if (target && read.size === 1) places.copy(fromTable, [...read][0]!, toTable, places.column(toTable, target));
  });
}

/** The statements of `sql` (a revision may send several in one string), as tokens. */
function statementsOf(sql: string): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokenizeSql(sql)) {
    if (token.text === ";") statements.push([]);
    else statements.at(-1)!.push(token);
  }
  return statements.filter((s) => s.length > 0);
}

/**
 * What a run loses, from the columns before and after it and the statements it ran: a
 * column whose values were renamed, moved to another table or copied into a rebuilt one
 * is kept, and one dropped and made again under its old name is lost. A statement it
 * cannot read leaves a column where it was, so such a column is judged by its name.
 */
export function lostValues(before: ColumnsByTable, after: ColumnsByTable, statements: readonly string[]): LostValues {
  const places = new Places(before);
  for (const sql of statements) {
    for (const tokens of statementsOf(sql)) {
      if (isWord(tokens[0], "ALTER") && isWord(tokens[1], "TABLE")) alterTable(places, tokens);
      else if (isWord(tokens[0], "DROP") && isWord(tokens[1], "TABLE")) dropTables(places, tokens);
      else if (isWord(tokens[0], "INSERT") && isWord(tokens[1], "INTO")) insertSelect(places, tokens);
    }
  }
  const kept = places.kept(after);
  const droppedTables: string[] = [];
  const droppedColumns: DroppedColumn[] = [];
  for (const [table, columns] of before) {
    const lost = [...columns].filter((column) => !kept.has(`${table}\0${column}`));
    if (lost.length === columns.size && columns.size > 0) droppedTables.push(table);
    else droppedColumns.push(...lost.map((column) => ({ table, column })));
  }
  return { droppedTables: droppedTables.sort(), droppedColumns };
}
