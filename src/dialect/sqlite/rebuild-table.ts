import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import { tokenizeSql } from "../../schema/tokenize-sql";
import { readColumnDefinition } from "./column-clauses";
import { mentions as namesColumn } from "./drops-column-in-place";
import { parseCreateIndex } from "./parse-create-index";
import { printTableDefinition, readTableDefinition, sameName, type TableDefinition } from "./table-definition";
import { withForeignKeysOff } from "./with-foreign-keys-off";

interface SchemaObject {
  readonly type: "table" | "index" | "trigger" | "view";
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

const mentions = (sql: string, names: ReadonlySet<string>) =>
  tokenizeSql(sql, { bracketIdentifiers: true }).some(
    (t) => (t.kind === "identifier" || t.kind === "word") && names.has((t.kind === "identifier" ? t.value : t.text).toLowerCase()),
  );

/**
 * What DROP TABLE takes with it or what would stop the rename back: the table's own
 * indexes and triggers, and every view or other table's trigger that mentions it or a
 * view that does (SQLite re-checks them all on ALTER TABLE RENAME).
 */
function dependentsOf(schema: readonly SchemaObject[], table: string): SchemaObject[] {
  const names = new Set([table.toLowerCase()]);
  const found = new Set<SchemaObject>(
    schema.filter((o) => (o.type === "index" || o.type === "trigger") && sameName(o.table, table)),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of schema) {
      if (found.has(o) || (o.type !== "view" && o.type !== "trigger") || !mentions(o.sql, names)) continue;
      found.add(o);
      if (o.type === "view") names.add(o.name.toLowerCase());
      grew = true;
    }
  }
  return schema.filter((o) => found.has(o));
}

/** Columns whose values move to the new table: in both, and not computed in the new one. */
function copiedColumns(before: TableDefinition, after: TableDefinition): string[] {
  // A generated column cannot be written, but its old values can be read: one that stops
  // being generated keeps them.
  return after.columns
    .filter((c) => !readColumnDefinition(c.sql).clauses.some((clause) => clause.kind === "generated"))
    .filter((c) => before.columns.some((o) => sameName(o.name, c.name)))
    .map((c) => c.name);
}

/**
 * An index or table constraint naming a column the rebuild drops cannot come back;
 * refused before anything runs (SQLite builds with the double-quoted-string fallback
 * would otherwise recreate it silently on a string constant).
 */
function refuseIndexesOnDroppedColumns(schema: readonly SchemaObject[], table: string, before: TableDefinition, after: TableDefinition): void {
  const dropped = before.columns.filter((c) => !after.columns.some((a) => sameName(a.name, c.name)));
  for (const constraint of after.constraints) {
    const gone = dropped.find((c) => namesColumn(constraint.sql, c.name));
    if (gone) {
      throw new StrataError(
        `Rebuilding table "${table}": the constraint ${constraint.sql} names column "${gone.name}", which this change drops. Drop or change the constraint in the same change.`,
      );
    }
  }
  for (const index of schema.filter((o) => o.type === "index" && sameName(o.table, table))) {
    const gone = parseCreateIndex(index.sql).keys.find((key) => dropped.some((c) => sameName(c.name, key)));
    if (gone !== undefined) {
      throw new StrataError(
        `Rebuilding table "${table}": index "${index.name}" names column "${gone}", which this change drops. Drop the index earlier in the same revision.`,
      );
    }
  }
}

async function recreate(queryRunner: QueryRunner, table: string, object: SchemaObject): Promise<void> {
  try {
    await queryRunner.query(object.sql);
  } catch (error) {
    throw new StrataError(
      `Rebuilding table "${table}": could not recreate ${object.type} "${object.name}" (${(error as Error).message}). ` +
        `Drop or change it earlier in the same revision.`,
      { cause: error },
    );
  }
}

/** Rows of `table`, or of its children, whose foreign keys point at missing rows: counted per pair of tables. */
async function violationsAround(queryRunner: QueryRunner, table: string): Promise<string | undefined> {
  const rows: { table: string; parent: string }[] = await queryRunner.query("PRAGMA foreign_key_check");
  const counts = new Map<string, number>();
  for (const row of rows.filter((r) => sameName(r.table, table) || sameName(r.parent, table))) {
    const key = `"${row.table}" referencing missing rows of "${row.parent}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? undefined : [...counts].map(([what, n]) => `${n} row(s) of ${what}`).join("; ");
}

/**
 * The foreign keys a rebuild is answerable for: those of the rebuilt table and of its
 * children. Checked before (a violation already there is named before anything runs,
 * never blamed on the rebuild) and after; violations elsewhere are not the rebuild's.
 */
async function checkForeignKeys(queryRunner: QueryRunner, table: string, when: "before" | "after"): Promise<void> {
  const found = await violationsAround(queryRunner, table);
  if (found === undefined) return;
  throw new StrataError(
    when === "before"
      ? `Cannot rebuild table "${table}": its foreign keys are already violated (${found}). Fix those rows first, then run again.`
      : `Foreign key check failed after rebuilding table "${table}": ${found}. Fix those rows, then run again.`,
  );
}

/** The AUTOINCREMENT high-water mark, which a rebuild must not lower (ids would be reused). */
async function sequenceOf(queryRunner: QueryRunner, table: string): Promise<number | undefined> {
  const exists = await queryRunner.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`);
  if (exists.length === 0) return undefined;
  const rows: { seq: number }[] = await queryRunner.query(`SELECT seq FROM sqlite_sequence WHERE name = ?`, [table]);
  return rows[0]?.seq;
}

/**
 * Changes a SQLite table the way SQLite's documentation prescribes
 * (https://sqlite.org/lang_altertable.html#otheralter) instead of TypeORM's rebuild, which
 * drops the table with foreign keys on (deleting or blocking child rows) and loses triggers:
 * with foreign keys off, create the edited table under a new name, copy the rows, drop
 * the old table, rename the new one, recreate indexes, triggers and views, then check
 * the foreign keys into and out of the table. All or nothing (a savepoint inside the
 * caller's transaction, or a transaction of its own).
 */
export async function rebuildTable(
  queryRunner: QueryRunner,
  table: string,
  edit: (definition: TableDefinition) => TableDefinition,
): Promise<void> {
  const schema: SchemaObject[] = await queryRunner.query(
    `SELECT type, name, tbl_name AS "table", sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid`,
  );
  const own = schema.find((o) => o.type === "table" && sameName(o.name, table));
  if (!own) throw new StrataError(`Cannot rebuild table "${table}": there is no such table.`);
  const before = readTableDefinition(table, own.sql);
  const after = edit(before);
  refuseIndexesOnDroppedColumns(schema, own.name, before, after);
  let scratch = `strata_rebuild_${own.name}`;
  while (schema.some((o) => sameName(o.name, scratch))) scratch += "_";
  const dependents = dependentsOf(schema, own.name);
  const columns = copiedColumns(before, after).map(quoteIdentifier).join(", ");

  await checkForeignKeys(queryRunner, own.name, "before");
  await withForeignKeysOff(queryRunner, `rebuilding table "${own.name}"`, async () => {
    const sequence = await sequenceOf(queryRunner, own.name);
    for (const o of [...dependents].reverse()) {
      if (o.type === "view") await queryRunner.query(`DROP VIEW ${quoteIdentifier(o.name)}`);
      else if (o.type === "trigger" && !sameName(o.table, own.name)) await queryRunner.query(`DROP TRIGGER ${quoteIdentifier(o.name)}`);
    }
    await queryRunner.query(printTableDefinition(scratch, after));
    await queryRunner.query(
      `INSERT INTO ${quoteIdentifier(scratch)} (${columns}) SELECT ${columns} FROM ${quoteIdentifier(own.name)}`,
    );
    await queryRunner.query(`DROP TABLE ${quoteIdentifier(own.name)}`);
    await queryRunner.query(`ALTER TABLE ${quoteIdentifier(scratch)} RENAME TO ${quoteIdentifier(own.name)}`);
    if (sequence !== undefined) {
      await queryRunner.query(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, [sequence, own.name]);
    }
    for (const o of dependents) await recreate(queryRunner, own.name, o);
    await checkForeignKeys(queryRunner, own.name, "after");
  });
}
