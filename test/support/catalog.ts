import type { TestDatabase } from "./dialects";
import { queryDb } from "./query";

/**
 * Everything the database's own catalog says about its tables (columns, defaults, keys,
 * indexes, constraints, enum types), strata's tables left out, as sorted text lines:
 * two databases with equal catalogs hold the same schema. Read with plain SQL, never
 * through strata's models. Column order is left out: ALTER TABLE appends columns.
 */
export async function catalogOf(db: TestDatabase): Promise<string[]> {
  return (db.dialect === "sqlite" ? sqliteCatalog(db) : postgresCatalog(db)).then((lines) => lines.sort());
}

async function sqliteCatalog(db: TestDatabase): Promise<string[]> {
  const tables = await queryDb<{ name: string }>(
    db,
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'strata_%'`,
  );
  const lines: string[] = [];
  for (const { name } of tables) {
    for (const c of await queryDb(db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, [name])) {
      lines.push(`column ${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
    }
    for (const i of await queryDb<{ name: string; unique: number; partial: number; origin: string }>(db, `SELECT * FROM pragma_index_list(?)`, [name])) {
      const columns = (await queryDb<{ name: string }>(db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [i.name])).map((c) => c.name);
      lines.push(`index ${name}.${i.origin === "pk" ? "(primary key)" : i.name} unique=${i.unique} partial=${i.partial} (${columns.join(", ")})`);
    }
    for (const f of await queryDb(db, `SELECT * FROM pragma_foreign_key_list(?)`, [name])) {
      lines.push(`foreign key ${name}.${f.from} -> ${f.table}.${f.to} on delete ${f.on_delete} on update ${f.on_update}`);
    }
    const [{ sql }] = await queryDb<{ sql: string }>(db, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]);
    for (const check of sql.match(/CHECK\s*\(.*?\)\)?/gi) ?? []) lines.push(`check ${name} ${check.replace(/\s+/g, " ")}`);
  }
  return lines;
}

async function postgresCatalog(db: TestDatabase): Promise<string[]> {
  const columns = await queryDb(
    db,
    `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default, is_identity
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE 'strata_%'`,
  );
  const indexes = await queryDb(db, `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE 'strata_%'`);
  const constraints = await queryDb(
    db,
    `SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relnamespace = current_schema()::regnamespace AND t.relname NOT LIKE 'strata_%'`,
  );
  const enums = await queryDb(
    db,
    `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname`,
  );
  const comments = await queryDb(
    db,
    `SELECT c.relname, a.attname, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid WHERE c.relnamespace = current_schema()::regnamespace`,
  );
  return [
    ...columns.map((c) => `column ${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name}(${c.character_maximum_length},${c.numeric_precision},${c.numeric_scale}) nullable=${c.is_nullable} default=${c.column_default} identity=${c.is_identity}`),
    ...indexes.map((i) => `index ${i.tablename}: ${i.indexdef}`),
    ...constraints.map((c) => `constraint ${c.relname}.${c.conname}: ${c.def}`),
    ...enums.map((e) => `enum ${e.typname}: ${e.labels}`),
    ...comments.map((c) => `comment ${c.relname}.${c.attname}: ${c.description}`),
  ];
}
