import type { DataSource } from "typeorm";
import { dialectFor } from "../../src/dialect/dialect-for";

/** What the database says about a table, read from its catalog (never from strata's models). */
export interface CatalogColumn {
  readonly name: string;
  /** Lower case, with length: "varchar(255)" / "character varying(255)", "bigint". */
  readonly type: string;
  readonly nullable: boolean;
}

export async function columnsOf(ds: DataSource, table: string): Promise<CatalogColumn[]> {
  if (dialectFor(ds).name === "sqlite") {
    const rows: { name: string; type: string; notnull: number }[] = await ds.query(`SELECT * FROM pragma_table_info(?)`, [table]);
    return rows.map((r) => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.notnull === 0 }));
  }
  const rows: { name: string; type: string; length: number | null; nullable: string }[] = await ds.query(
    `SELECT column_name AS name, data_type AS type, character_maximum_length AS length, is_nullable AS nullable
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ name: r.name, type: r.length ? `${r.type}(${r.length})` : r.type, nullable: r.nullable === "YES" }));
}

export async function indexNames(ds: DataSource, table: string): Promise<string[]> {
  const rows: { name: string }[] =
    dialectFor(ds).name === "sqlite"
      ? await ds.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, [table])
      : await ds.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY 1`, [table]);
  return rows.map((r) => r.name);
}

export interface CatalogForeignKey {
  readonly column: string;
  readonly referencedTable: string;
  readonly referencedColumn: string;
  readonly onDelete: string;
}

export async function foreignKeysOf(ds: DataSource, table: string): Promise<CatalogForeignKey[]> {
  if (dialectFor(ds).name === "sqlite") {
    const rows: { from: string; table: string; to: string; on_delete: string }[] = await ds.query(
      `SELECT * FROM pragma_foreign_key_list(?)`,
      [table],
    );
    return rows.map((r) => ({ column: r.from, referencedTable: r.table, referencedColumn: r.to, onDelete: r.on_delete }));
  }
  const rows: { column: string; table: string; to: string; action: string }[] = await ds.query(
    `SELECT a.attname AS "column", rc.relname AS "table", ra.attname AS "to",
            CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                               WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS action
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class rc ON rc.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND t.relname = $1`,
    [table],
  );
  return rows.map((r) => ({ column: r.column, referencedTable: r.table, referencedColumn: r.to, onDelete: r.action }));
}

export async function countRows(ds: DataSource, table: string): Promise<number> {
  const [row] = await ds.query(`SELECT count(*) AS n FROM "${table}"`);
  return Number(row.n);
}
