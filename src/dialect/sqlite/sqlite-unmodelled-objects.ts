import type { QueryRunner } from "typeorm";

/** Views and triggers: what SQLite's catalog holds besides tables and their indexes. */
export async function sqliteUnmodelledObjects(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { kind: string; name: string }[] = await queryRunner.query(
    `SELECT type AS kind, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name`,
  );
  return rows.map((r) => `${r.kind} ${r.name}`);
}
