import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";

/** The example's karma plugin, a workspace package (entities/karma-plugin) installed as strata-karma. */
export const KARMA_SOURCE = join(REPO_ROOT, "entities", "karma-plugin");
export const KARMA_BASE = "8dfcf30fdb89";
export const APP_BASE = "3a5c0e9d2b71";
export const APP_HEAD = "602bd85f6865";
export const FSM_BASE = "8e41b7c0d2f6";

/**
 * The example app (ormconfig.ts) imports its plugin by package name, as an app imports
 * an installed plugin: npm install links node_modules/strata-karma to the workspace.
 */
export function assertKarmaInstalled(): void {
  const link = join(REPO_ROOT, "node_modules", "strata-karma");
  if (!existsSync(link) || realpathSync(link) !== realpathSync(KARMA_SOURCE)) {
    throw new Error(
      `${link} does not lead to ${KARMA_SOURCE}: run npm install (package.json lists entities/karma-plugin among its workspaces).`,
    );
  }
}

/** The environment that points the example's ormconfig.ts at a test database. */
export function exampleEnv(db: TestDatabase, sqliteFile = db.url): NodeJS.ProcessEnv {
  return db.dialect === "postgres" ? { DATABASE_URL: db.url, SQLITE_FILE: "" } : { DATABASE_URL: "", SQLITE_FILE: sqliteFile };
}
