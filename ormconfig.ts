import { join } from "node:path";
import { karma } from "strata-karma";
import type { DataSourceOptions } from "typeorm";
import { defineConfig, fsmStorage } from "./src";
import { entities } from "./entities";

/** The bot's FSM storage: its table name is the app's choice. */
export const fsm = fsmStorage({ tableName: process.env.FSM_TABLE_NAME ?? "fsm_data" });

const url = process.env.DATABASE_URL;
const sqliteFile = process.env.SQLITE_FILE || join(__dirname, "var", "app.sqlite");

/**
 * The bot's connection: SQLite by default (nothing to install; SQLITE_DRIVER=better-sqlite3
 * picks that driver, the only SQLite one on typeorm 1.x); PostgreSQL when
 * DATABASE_URL=postgres://… is set.
 */
const sqlite = { database: sqliteFile, entities };
export const dataSourceOptions: DataSourceOptions = url
  ? { type: "postgres", url, entities }
  : process.env.SQLITE_DRIVER === "better-sqlite3"
    ? { type: "better-sqlite3", ...sqlite }
    : { type: "sqlite", ...sqlite };

export default defineConfig({
  dataSource: dataSourceOptions,
  migrationsDir: "migrations",
  appBranch: "app",
  // The karma plugin is an installed package (a workspace here) that ships its revisions.
  plugins: [fsm.plugin, karma],
  versionTable: "strata_version",
  transactionMode: "each",
});
