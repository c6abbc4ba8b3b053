import { isWord, matchingClose, splitAtTopLevelCommas, tokenizeSql } from "../../schema/tokenize-sql";

/** What PRAGMA index_xinfo does not tell about an index: expression keys and the WHERE of a partial index. */
export interface ParsedCreateIndex {
  /** Each key as written, without ASC/DESC/COLLATE: a column name, or an expression's text. */
  readonly keys: readonly string[];
  readonly where?: string;
}

const KEY_SUFFIXES = new Set(["ASC", "DESC", "COLLATE"]);

export function parseCreateIndex(sql: string): ParsedCreateIndex {
  const tokens = tokenizeSql(sql, { bracketIdentifiers: true });
  const on = tokens.findIndex((token) => isWord(token, "ON"));
  const open = tokens.findIndex((token, i) => i > on && token.kind === "open");
  if (on < 0 || open < 0) return { keys: [] };
  const close = matchingClose(tokens, open);
  const keys = splitAtTopLevelCommas(tokens.slice(open + 1, close)).map((part) => {
    const suffix = part.findIndex((token) => token.kind === "word" && KEY_SUFFIXES.has(token.text.toUpperCase()));
    const key = suffix > 0 ? part.slice(0, suffix) : part;
    const only = key.length === 1 ? key[0]! : undefined;
    if (only && (only.kind === "identifier" || only.kind === "word")) return only.value;
    return sql.slice(key[0]!.start, key[key.length - 1]!.end);
  });
  const where = tokens[close + 1];
  return isWord(where, "WHERE") ? { keys, where: sql.slice(where!.end).trim() } : { keys };
}
