/** `ignoreTables` entries: exact names or globs with `*` and `?`. */
export function tableMatcher(patterns: readonly string[]): (table: string) => boolean {
  const regexes = patterns.map(
    (p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`),
  );
  return (table) => regexes.some((r) => r.test(table));
}
