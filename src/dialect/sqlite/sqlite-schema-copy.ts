import type { QueryRunner } from "typeorm";

/** Tables before the indexes on them, views before the triggers that may sit on them; creation order within a kind. */
const KIND_ORDER = `CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid`;

/**
 * The statements that build this database's schema again, exactly: SQLite keeps each
 * object's CREATE text in sqlite_master. Its own objects (sqlite_sequence, sqlite_stat1)
 * come back by themselves; indexes without text are a table's UNIQUE or PRIMARY KEY.
 * Undefined for a schema with virtual tables, whose shadow tables the module creates.
 */
export async function sqliteSchemaCopy(queryRunner: QueryRunner): Promise<string[] | undefined> {
  const rows: { sql: string }[] = await queryRunner.query(
    `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY ${KIND_ORDER}`,
  );
  const statements = rows.map((r) => r.sql);
  return statements.some((sql) => /^\s*CREATE\s+VIRTUAL\s/i.test(sql)) ? undefined : statements;
}
