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
  const named: Array<readonly [string, string]> = [
    ["table name", table.name],
    ...table.columns.flatMap((c) => [
      ["column name", c.name] as const,
      ...(c.enumName ? [[`enum type name of column ${JSON.stringify(c.name)}`, c.enumName] as const] : []),
      ...(c.declaredEnumName ? [[`enum type name of column ${JSON.stringify(c.name)}`, c.declaredEnumName] as const] : []),
      ...(c.enumValues ?? []).map((v) => [`enum value of column ${JSON.stringify(c.name)}`, v] as const),
    ]),
    ...table.indexes.map((i) => ["index name", i.name] as const),
    ...table.uniques.map((u) => ["unique constraint name", u.name] as const),
    ...table.foreignKeys.map((f) => ["foreign key name", f.name] as const),
    ...table.checks.map((c) => ["check constraint name", c.name] as const),
  ];
  for (const [what, text] of named) {
    const problem = problemWith(text);
    if (!problem) continue;
    throw new ConfigError(
      `Entity ${entity} (table ${JSON.stringify(table.name)}): the ${what} ${JSON.stringify(text)} ${problem}. ` +
        `Give it another name in the entity (@Entity("…"), @Column({ name: "…" }), @Index("…"), an enum's enumName, or the value itself), ` +
        `using letters, digits, spaces or underscores, at most ${MAX_NAME_BYTES} bytes.`,
    );
  }
}
