import type { Dialect } from "../dialect";
import { quoteLiteral } from "../quote-literal";

const USER_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`;

/** The user tables, sorted, as one JSON array (a subquery of the query run after each revision). */
export const SQLITE_TABLES_JSON = `SELECT json_group_array(name) FROM (${USER_TABLES})`;

export const sqliteVersionTable: Pick<Dialect, "listTables" | "param" | "literal" | "versionTableDdl" | "versionTableColumns"> = {
  async listTables(queryRunner) {
    const rows: { name: string }[] = await queryRunner.query(USER_TABLES);
    return rows.map((r) => r.name);
  },

  async versionTableColumns(queryRunner, name) {
    const rows: { name: string }[] = await queryRunner.query(`SELECT name FROM pragma_table_info(?)`, [name]);
    return rows.map((r) => r.name);
  },

  param: () => "?",
  literal: (value) => (value === null ? "NULL" : quoteLiteral(value)),

  versionTableDdl(quotedName) {
    return `CREATE TABLE IF NOT EXISTS ${quotedName} (
  "revision" varchar(12) PRIMARY KEY NOT NULL,
  "branch" varchar(255) NOT NULL,
  "checksum" char(64) NOT NULL,
  "state" varchar(16) NOT NULL DEFAULT 'applied',
  "tables_added" text NOT NULL DEFAULT '[]',
  "phase" varchar(4),
  "applied_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)`;
  },
};
