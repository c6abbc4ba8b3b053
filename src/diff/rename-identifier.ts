import { tokenizeSql } from "../schema/tokenize-sql";

/**
 * Rewrites references to a column in an SQL expression (a CHECK or a partial index's
 * WHERE) after a rename, as the database itself does. Only identifier tokens change:
 * string literals that happen to spell the name are left alone.
 */
export function renameIdentifierInSql(sql: string, old: string, renamed: string): string {
  const quoted = `"${renamed.replace(/"/g, '""')}"`;
  let out = "";
  let copied = 0;
  for (const token of tokenizeSql(sql)) {
    const names =
      (token.kind === "identifier" && token.value === old) ||
      (token.kind === "word" && token.text.toLowerCase() === old.toLowerCase());
    if (!names) continue;
    out += sql.slice(copied, token.start) + quoted;
    copied = token.end;
  }
  return out + sql.slice(copied);
}
