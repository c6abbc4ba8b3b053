import { join } from "node:path";
import { defineConfig, fsmStorage } from "./src";
import { entities } from "./entities";

/** The bot's FSM storage: its table name is the app's choice. */
export const fsm = fsmStorage({ tableName: process.env.FSM_TABLE_NAME ?? "fsm_data" });

const url = process.env.DATABASE_URL;

export default defineConfig({
  // SQLite by default (nothing to install); PostgreSQL when DATABASE_URL=postgres://… is set.
  dataSource: url
    ? { type: "postgres", url, entities }
    : { type: "sqlite", database: join(__dirname, "var", "app.sqlite"), entities },
  migrationsDir: "migrations",
  appBranch: "app",
  plugins: [fsm.plugin],
  versionTable: "strata_version",
  transactionMode: "each",
});
