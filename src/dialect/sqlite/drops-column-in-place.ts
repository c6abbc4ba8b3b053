import type { QueryRunner } from "typeorm";
import { tokenizeSql } from "../../schema/tokenize-sql";
import { readTableDefinition, sameName } from "./table-definition";

interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly sql: string;
}

/** Whether `sql` names `name` anywhere, as an identifier, a keyword-like word or a string (SQLite reads 'x' as a name where one is due). */
export const mentions = (sql: string, name: string) =>
  tokenizeSql(sql, { bracketIdentifiers: true }).some(
    (t) => (t.kind === "word" && sameName(t.text, name)) || ((t.kind === "identifier" || t.kind === "string") && sameName(t.value, name)),
  );

/** Words that, in a column's own definition, make it a key, a reference, checked or generated. */
const CONSTRAINED = /\b(PRIMARY|UNIQUE|REFERENCES|CHECK|GENERATED|AS)\b/i;

/**
 * Whether SQLite's own `ALTER TABLE … DROP COLUMN` (3.35+) can drop the column: it
 * refuses a column in the primary key, a UNIQUE, an index, a foreign key, a CHECK, a
 * generated column's expression, a view or a trigger
 * (https://sqlite.org/lang_altertable.html#altertabdropcol). Read from the schema before
 * the statement runs (so `--sql` never prints one that fails), and cautious: any mention
 * of the column outside its own plain definition means a rebuild, as before.
 */
export async function dropsColumnInPlace(queryRunner: QueryRunner, table: string, column: string): Promise<boolean> {
  const schema: SchemaObject[] = await queryRunner.query(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL`);
  const own = schema.find((o) => o.type === "table" && sameName(o.name, table));
  if (!own) return false;
  const definition = readTableDefinition(table, own.sql);
  const target = definition.columns.find((c) => sameName(c.name, column));
  if (!target || definition.columns.length < 2 || CONSTRAINED.test(target.sql)) return false;
  const rest = [...definition.columns.filter((c) => c !== target), ...definition.constraints];
  if (rest.some((d) => mentions(d.sql, column))) return false;
  // Indexes, triggers and views name the column; another table's key names the table and the column.
  return !schema.some((o) => o !== own && mentions(o.sql, column) && (o.type !== "table" || mentions(o.sql, table)));
}
