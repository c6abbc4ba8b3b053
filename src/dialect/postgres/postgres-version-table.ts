import type { Dialect } from "../dialect";
import { postgresLiteral } from "./postgres-literal";

export const postgresVersionTable: Pick<Dialect, "listTables" | "param" | "literal" | "versionTableDdl" | "versionTableColumns"> = {
  async listTables(queryRunner) {
    const rows: { name: string }[] = await queryRunner.query(
      // pg_tables, not information_schema: this runs after every revision.
      `SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    return rows.map((r) => r.name);
  },

  async versionTableColumns(queryRunner, name) {
    const rows: { name: string }[] = await queryRunner.query(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [name],
    );
    return rows.map((r) => r.name);
  },

  param: (n) => `$${n}`,
  literal: (value) => (value === null ? "NULL" : postgresLiteral(value)),

  versionTableDdl(quotedName) {
    return `CREATE TABLE IF NOT EXISTS ${quotedName} (
  "revision" varchar(12) PRIMARY KEY,
  "branch" varchar(255) NOT NULL,
  "checksum" char(64) NOT NULL,
  "state" varchar(16) NOT NULL DEFAULT 'applied',
  "tables_added" text NOT NULL DEFAULT '[]',
  "phase" varchar(4),
  "applied_at" timestamptz NOT NULL DEFAULT now()
)`;
  },
};
