import { ConfigError } from "../errors";
import type { TableModel } from "./model";

/** PostgreSQL keeps 63 bytes of a name (NAMEDATALEN - 1) and silently cuts the rest. */
const MAX_NAME_BYTES = 63;

/**
 * Characters TypeORM 0.3 puts into SQL unescaped: `"` in every identifier it quotes,
 * `'` in the catalog queries it builds from table and enum type names and in SQLite's
 * enum CHECK. NUL no database stores. Spaces, unicode, reserved words and line
 * separators are quoted correctly and allowed.
 */
const UNSAFE: ReadonlyArray<readonly [RegExp, string]> = [
  [/"/, "a double quote (\"), which TypeORM 0.3 does not double when it quotes names"],
  [/'/, "a single quote ('), which TypeORM 0.3 puts unescaped into the SQL it builds"],
  [/\0/, "a NUL character, which no database stores"],
];

/** Any of UNSAFE's characters: one test for the usual name that has none. */
const ANY_UNSAFE = new RegExp(UNSAFE.map(([pattern]) => pattern.source).join("|"));

function problemWith(text: string): string | undefined {
  if (text.length === 0) return "is empty";
  if (ANY_UNSAFE.test(text)) for (const [pattern, what] of UNSAFE) if (pattern.test(text)) return `contains ${what}`;
  // UTF-8 takes at most three bytes per UTF-16 unit: a short name needs no counting.
  if (text.length * 3 <= MAX_NAME_BYTES) return undefined;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_NAME_BYTES) return `is ${bytes} bytes; PostgreSQL keeps ${MAX_NAME_BYTES} and would silently cut the rest`;
  return undefined;
}

/**
 * Refuses, before anything is generated or run, a table whose names or enum values
 * strata cannot write safely on both databases: the message names the entity, the name
 * and how to choose another. `entity` is the entity's own name (the class name).
 */
export function assertSafeNames(table: TableModel, entity: string): void {
  // What each name is, spelled out only for the name refused: a schema has thousands.
  const check = (text: string, what: () => string) => {
    const problem = problemWith(text);
    if (!problem) return;
    throw new ConfigError(
      `Entity ${entity} (table ${JSON.stringify(table.name)}): the ${what()} ${JSON.stringify(text)} ${problem}. ` +
        `Give it another name in the entity (@Entity("…"), @Column({ name: "…" }), @Index("…"), an enum's enumName, or the value itself), ` +
        `using letters, digits, spaces or underscores, at most ${MAX_NAME_BYTES} bytes.`,
    );
  };
  check(table.name, () => "table name");
  for (const c of table.columns) {
    check(c.name, () => "column name");
    const ofColumn = (what: string) => () => `${what} of column ${JSON.stringify(c.name)}`;
    if (c.enumName) check(c.enumName, ofColumn("enum type name"));
    if (c.declaredEnumName) check(c.declaredEnumName, ofColumn("enum type name"));
    for (const value of c.enumValues ?? []) check(value, ofColumn("enum value"));
  }
  for (const i of table.indexes) check(i.name, () => "index name");
  for (const u of table.uniques) check(u.name, () => "unique constraint name");
  for (const f of table.foreignKeys) check(f.name, () => "foreign key name");
  for (const c of table.checks) check(c.name, () => "check constraint name");
}
