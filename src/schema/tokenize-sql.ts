/**
 * A small SQL lexer: enough to read what catalogs hand back (CREATE TABLE text on SQLite,
 * default and CHECK expressions on both) without being fooled by commas, parentheses or
 * keywords inside string literals and quoted identifiers. Not a parser.
 */

export type SqlTokenKind = "word" | "identifier" | "string" | "number" | "operator" | "open" | "close" | "comma";

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The token as written. */
  readonly text: string;
  /** For `identifier` and `string`: the content with quotes removed and doubled quotes undone. */
  readonly value: string;
  /** Offsets into the tokenized text, so a caller can cut out the original spelling of a span. */
  readonly start: number;
  readonly end: number;
}

export interface TokenizeOptions {
  /** SQLite reads `[name]` as a quoted identifier; PostgreSQL uses brackets for arrays. */
  readonly bracketIdentifiers?: boolean;
}

// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS = ["::", "<=", ">=", "<>", "!=", "==", "||", "->>", "->", "#>>", "#>", "@>", "<@"].sort(
  (a, b) => b.length - a.length,
);

function readQuoted(sql: string, start: number, close: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === close) {
      // A doubled closing quote is an escaped quote, not the end.
      if (sql[i + 1] === close && close !== "]") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function unquote(text: string): string {
  const open = text[0];
  const close = open === "[" ? "]" : open;
  const inner = text.endsWith(close) && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return close === "]" || !inner.includes(close + close) ? inner : inner.split(close + close).join(close);
}

// Sticky patterns matched in place (lastIndex), not on a copy of the rest of the text:
// a catalog hands over hundreds of CREATE TABLE statements at once.
const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const SPACE = /\s/;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/** The end of the match of sticky `pattern` at `start`. */
function matchEnd(pattern: RegExp, sql: string, start: number): number {
  pattern.lastIndex = start;
  pattern.test(sql);
  return pattern.lastIndex;
}

export function tokenizeSql(sql: string, options: TokenizeOptions = {}): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const code = sql.charCodeAt(i);
    if (code === 32 || SPACE.test(ch)) {
      i++;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const newline = sql.indexOf("\n", i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === "'") {
      const end = readQuoted(sql, i, "'");
      push("string", i, end, unquote(sql.slice(i, end)));
      i = end;
    } else if (ch === '"' || ch === "`" || (ch === "[" && options.bracketIdentifiers)) {
      const end = readQuoted(sql, i, ch === "[" ? "]" : ch);
      push("identifier", i, end, unquote(sql.slice(i, end)));
      i = end;
    } else if (isWordStart(code)) {
      const end = matchEnd(WORD, sql, i);
      push("word", i, end);
      i = end;
    } else if (isDigit(code) || (ch === "." && isDigit(sql.charCodeAt(i + 1)))) {
      const end = matchEnd(NUMBER, sql, i);
      push("number", i, end);
      i = end;
    } else if (ch === "(") {
      push("open", i, i + 1);
      i++;
    } else if (ch === ")") {
      push("close", i, i + 1);
      i++;
    } else if (ch === ",") {
      push("comma", i, i + 1);
      i++;
    } else {
      const op = OPERATORS.find((candidate) => sql.startsWith(candidate, i)) ?? ch;
      push("operator", i, i + op.length);
      i += op.length;
    }
  }
  return tokens;
}

/** Index of the `close` token matching the `open` token at `openIndex` (or the last token when unbalanced). */
export function matchingClose(tokens: readonly SqlToken[], openIndex: number): number {
  let depth = 0;
  for (let i = openIndex; i < tokens.length; i++) {
    if (tokens[i]!.kind === "open") depth++;
    else if (tokens[i]!.kind === "close" && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Splits tokens at commas that are not inside parentheses. */
export function splitAtTopLevelCommas(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "open") depth++;
    if (token.kind === "close") depth--;
    if (token.kind === "comma" && depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** True when the word token spells `keyword` (case-insensitive). */
export function isWord(token: SqlToken | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === "word" && token.text.toUpperCase() === keyword;
}
